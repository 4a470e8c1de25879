<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
  <context>
    <name>kiosk</name>
    <message>
      <location filename="../../kiosk/flows/cases.py" />
      <source>申请人在屏幕上确认同意</source>
      <translation>the applicant agreed on screen</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/cases.py" />
      <source>我帮办的申请</source>
      <translation>Applications I help with</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/cases.py" />
      <source>这件申请已经结束，不能再打开。</source>
      <translation>This application is closed and cannot be opened.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/cases.py" />
      <source>接着填写</source>
      <translation>Continue</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/cases.py" />
      <source>需要处理</source>
      <translation>To do</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/cases.py" />
      <source>等待中</source>
      <translation>Waiting</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/cases.py" />
      <source>已结束</source>
      <translation>Closed</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/cases.py" />
      <source>您在本机还没有帮别人办过申请。点“帮新的人办理”开始。</source>
      <translation>You have not helped anyone on this device yet. Tap “Help someone new” to start.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/cases.py" />
      <source>这件申请不在您的列表里。</source>
      <translation>This application is not on your list.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/cases.py" />
      <source>查看进度</source>
      <translation>View progress</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/cases.py" />
      <source>共{n}件，需要处理的{m}件排在最前面。</source>
      <translation>{n} in all; the {m} to do come first.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/cases.py" />
      <source>接着填写需要申请人在场：请核验申请人的身份。</source>
      <translation>The applicant must be present to continue: please check the applicant's identity.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/guide.py" />
      <source>这项服务需要本人办理，不能代办。</source>
      <translation>This service must be applied for in person; nobody can apply on your behalf.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/home.py" />
      <source>欢迎使用自助服务终端。请点您要办的事，也可以点“搜索”查找。</source>
      <translation>Welcome to the self-service kiosk. Tap what you want to do, or tap Search to find it.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/home.py" />
      <source>没有找到，请换个说法，或点“帮助”请工作人员帮忙。</source>
      <translation>Nothing found. Try other words, or tap Help to ask staff.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/home.py" />
      <source>搜索结果</source>
      <translation>Search results</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/home.py" />
      <source>请选择</source>
      <translation>Please choose one.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/home.py" />
      <source>搜索</source>
      <translation>Search</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/home.py" />
      <source>请输入要办的事，或拼音首字母。</source>
      <translation>Type what you want to do, or its pinyin initials.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/home.py" />
      <source>这项服务暂时不能办理，请选择其他服务。</source>
      <translation>This service is not available at the moment. Please choose another.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/home.py" />
      <source>{category}类共有{n}项服务</source>
      <translation>{category}: {n} services</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/home.py" />
      <source>找到{n}项</source>
      <translation>{n} found</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/home.py" />
      <source>第一项是{name}</source>
      <translation>The first is {name}</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/identify.py" />
      <source>把回执上的二维码对准摄像头，或把身份证放在读卡区，或用数字键输入身份证号码。</source>
      <translation>Hold the QR code on your receipt up to the camera, or place your ID card on the reader, or type your ID number on the keypad.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/identify.py" />
      <source>请核验您（帮办员）的身份</source>
      <translation>Please confirm your identity (volunteer)</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/idle.py" />
      <source>您还在办理吗？{n}秒后将结束本次办理。已填写的内容会保存为草稿，下次可以继续。要接着办，请点“继续办理”。</source>
      <translation>Are you still there? This visit will end in {n} seconds. What you have filled in is saved as a draft, so you can carry on next time. To carry on now, tap Continue.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/progress.py" />
      <source>返回首页</source>
      <translation>Back to home</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/progress.py" />
      <source>返回我帮办的申请</source>
      <translation>Back to my cases</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/resume.py" />
      <source>这位申请人没有这份没填完的申请，请核对申请人。</source>
      <translation>This applicant has no such unfinished application. Please check the applicant.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/visit.py" />
      <source>这是回执上的二维码。查进度请回首页点“办件进度查询”。</source>
      <translation>This is the QR code of a receipt. To check progress, go home and tap “Check progress”.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/visit.py" />
      <source>这个码没有读完整，请拿稳再扫一次。</source>
      <translation>The code was not read completely. Please hold it steady and scan again.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/base.py" />
      <source>需要修改的地方</source>
      <translation>Things to fix</translation>
    </message>
    <message>
      <location filename="../../ui/screens/base.py" />
      <source>页面滚动条</source>
      <translation>Page scroll bar</translation>
    </message>
    <message>
      <location filename="../../ui/screens/base.py" />
      <source>标题</source>
      <translation>Heading</translation>
    </message>
    <message>
      <location filename="../../ui/screens/base.py" />
      <source>有一处需要修改</source>
      <translation>There is a problem</translation>
    </message>
    <message>
      <location filename="../../ui/screens/base.py" />
      <source>；</source>
      <translation>; </translation>
    </message>
    <message>
      <location filename="../../ui/screens/base.py" />
      <source>出了点问题，请再试一次，或点“帮助”请工作人员帮忙。</source>
      <translation>Something went wrong. Please try again, or tap Help to ask staff.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/base.py" />
      <source>有{n}处需要修改</source>
      <translation>There are {n} problems</translation>
    </message>
    <message>
      <location filename="../../ui/screens/cases_screen.py" />
      <source>帮新的人办理</source>
      <translation>Help someone new</translation>
    </message>
    <message>
      <location filename="../../ui/screens/cases_screen.py" />
      <source>同意记录：{consent}</source>
      <translation>Consent: {consent}</translation>
    </message>
    <message>
      <location filename="../../ui/screens/cases_screen.py" />
      <source>申请人：{who}</source>
      <translation>Applicant: {who}</translation>
    </message>
    <message>
      <location filename="../../ui/screens/cases_screen.py" />
      <source>状态：{state}</source>
      <translation>Status: {state}</translation>
    </message>
    <message>
      <location filename="../../ui/screens/cases_screen.py" />
      <source>更新时间：{at}</source>
      <translation>Updated: {at}</translation>
    </message>
    <message>
      <location filename="../../ui/screens/cases_screen.py" />
      <source>回执编号：{no}</source>
      <translation>Receipt number: {no}</translation>
    </message>
    <message>
      <location filename="../../ui/screens/home_screen.py" />
      <source>请选择您要办的事</source>
      <translation>What do you want to do?</translation>
    </message>
    <message>
      <location filename="../../ui/screens/home_screen.py" />
      <source>点一下就可以开始。找不到的，可以点“搜索”。</source>
      <translation>Tap one to start. If you cannot find it, tap Search.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/home_screen.py" />
      <source>常办事项</source>
      <translation>Most used</translation>
    </message>
    <message>
      <location filename="../../ui/screens/home_screen.py" />
      <source>按类别找</source>
      <translation>By topic</translation>
    </message>
    <message>
      <location filename="../../ui/screens/home_screen.py" />
      <source>办件进度查询</source>
      <translation>Check progress</translation>
    </message>
    <message>
      <location filename="../../ui/screens/home_screen.py" />
      <source>继续上次的申请</source>
      <translation>Continue an application</translation>
    </message>
    <message>
      <location filename="../../ui/screens/home_screen.py" />
      <source>服务类别</source>
      <translation>Topics</translation>
    </message>
    <message>
      <location filename="../../ui/screens/home_screen.py" />
      <source>搜索要办的事</source>
      <translation>Search for a service</translation>
    </message>
    <message>
      <location filename="../../ui/screens/home_screen.py" />
      <source>{n}项</source>
      <translation>{n} services</translation>
    </message>
    <message>
      <location filename="../../ui/screens/home_screen.py" />
      <source>帮办代办</source>
      <translation>Volunteers</translation>
    </message>
    <message>
      <location filename="../../ui/screens/home_screen.py" />
      <source>帮办代办：我帮办的申请</source>
      <translation>Volunteers: applications I help with</translation>
    </message>
    <message>
      <location filename="../../ui/screens/identify_screen.py" />
      <source>代办人：{helper}。请申请人本人点这里确认</source>
      <translation>Helper: {helper}. The applicant taps here to agree</translation>
    </message>
    <message>
      <location filename="../../ui/screens/review_screen.py" />
      <source>我确认以上内容属实</source>
      <translation>I confirm that the above is true</translation>
    </message>
    <message>
      <location filename="../../ui/screens/review_screen.py" />
      <source>不方便手写签名的，选这一项代替签名</source>
      <translation>If you cannot sign by hand, choose this instead of a signature</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" />
      <source>乡镇（街道）和村（社区）：</source>
      <translation>Township (street) and village (community):</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" />
      <source>身份证上的地址，对的话选这一项</source>
      <translation>The address on your ID card: choose this if it is right</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" />
      <source>身份证上的乡镇和村</source>
      <translation>The township and village on your ID card</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" />
      <source>地址不对，自己填写</source>
      <translation>Not right: type it yourself</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" />
      <source>乡镇（街道）和村（社区）</source>
      <translation>Township (street) and village (community)</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" />
      <source>不方便打字的，请按“帮助”请工作人员帮忙。</source>
      <translation>If you cannot type, press “Help” and staff will help you.</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" />
      <source>请选择下一级</source>
      <translation>now choose the next level</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>标准</source>
      <translation>Standard</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>大</source>
      <translation>Large</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>特大</source>
      <translation>Extra large</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>大字</source>
      <translation>Text size</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>语音</source>
      <translation>Voice</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>帮助</source>
      <translation>Help</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>结束</source>
      <translation>End</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>提示</source>
      <translation>Notice</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>继续办理</source>
      <translation>Continue</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>结束办理</source>
      <translation>End visit</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>已通知工作人员</source>
      <translation>Staff have been told</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>工作人员马上就来，请稍等。您填写的内容都已保存。</source>
      <translation>Someone is coming. Please wait. Everything you filled in is saved.</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>知道了</source>
      <translation>OK</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>工作人员入口</source>
      <translation>Staff login</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>要结束这次办理吗？</source>
      <translation>End this visit?</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>结束后，屏幕上您的信息会清除。没填完的申请已保存为草稿，下次凭身份证和密码可以接着填。</source>
      <translation>Your details will be cleared from the screen. An unfinished application is saved as a draft: next time, use your ID card and PIN to carry on.</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>语音：开</source>
      <translation>Voice: on</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>语音：关</source>
      <translation>Voice: off</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>结束办理，回到首页</source>
      <translation>End visit and go to the start</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>您还在办理吗？</source>
      <translation>Are you still there?</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>返回</source>
      <translation>Back</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>大字：{scale}</source>
      <translation>Text: {scale}</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>语音播报，现在是开</source>
      <translation>Voice, now on</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>语音播报，现在是关</source>
      <translation>Voice, now off</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>字体大小，现在是{scale}，点一下换大一号</source>
      <translation>Text size, now {scale}. Tap for a larger size</translation>
    </message>
  </context>
</TS>
