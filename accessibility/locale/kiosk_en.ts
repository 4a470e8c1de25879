<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
  <context>
    <name>kiosk</name>
    <message>
      <location filename="../../kiosk/flows/home.py" line="32" />
      <source>欢迎使用自助服务终端。请点您要办的事，也可以点“搜索”查找。</source>
      <translation>Welcome to the self-service kiosk. Tap what you want to do, or tap Search to find it.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/home.py" line="128" />
      <source>没有找到，请换个说法，或点“帮助”请工作人员帮忙。</source>
      <translation>Nothing found. Try other words, or tap Help to ask staff.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/home.py" line="131" />
      <source>搜索结果</source>
      <translation>Search results</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/home.py" line="113" />
      <source>请选择</source>
      <translation>Please choose one.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/home.py" line="124" />
      <source>搜索</source>
      <translation>Search</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/home.py" line="124" />
      <source>请输入要办的事，或拼音首字母。</source>
      <translation>Type what you want to do, or its pinyin initials.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/home.py" line="143" />
      <source>这项服务暂时不能办理，请选择其他服务。</source>
      <translation>This service is not available at the moment. Please choose another.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/home.py" line="113" />
      <source>{category}类共有{n}项服务</source>
      <translation>{category}: {n} services</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/home.py" line="134" />
      <source>找到{n}项</source>
      <translation>{n} found</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/home.py" line="135" />
      <source>第一项是{name}</source>
      <translation>The first is {name}</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/idle.py" line="40" />
      <source>您还在办理吗？{n}秒后将结束本次办理。已填写的内容会保存为草稿，下次可以继续。要接着办，请点“继续办理”。</source>
      <translation>Are you still there? This visit will end in {n} seconds. What you have filled in is saved as a draft, so you can carry on next time. To carry on now, tap Continue.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/base.py" line="50" />
      <source>需要修改的地方</source>
      <translation>Things to fix</translation>
    </message>
    <message>
      <location filename="../../ui/screens/base.py" line="130" />
      <source>页面滚动条</source>
      <translation>Page scroll bar</translation>
    </message>
    <message>
      <location filename="../../ui/screens/base.py" line="138" />
      <source>标题</source>
      <translation>Heading</translation>
    </message>
    <message>
      <location filename="../../ui/screens/base.py" line="63" />
      <source>有一处需要修改</source>
      <translation>There is a problem</translation>
    </message>
    <message>
      <location filename="../../ui/screens/base.py" line="70" />
      <source>；</source>
      <translation>; </translation>
    </message>
    <message>
      <location filename="../../ui/screens/base.py" line="250" />
      <source>出了点问题，请再试一次，或点“帮助”请工作人员帮忙。</source>
      <translation>Something went wrong. Please try again, or tap Help to ask staff.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/base.py" line="63" />
      <source>有{n}处需要修改</source>
      <translation>There are {n} problems</translation>
    </message>
    <message>
      <location filename="../../ui/screens/home_screen.py" line="17" />
      <source>请选择您要办的事</source>
      <translation>What do you want to do?</translation>
    </message>
    <message>
      <location filename="../../ui/screens/home_screen.py" line="17" />
      <source>点一下就可以开始。找不到的，可以点“搜索”。</source>
      <translation>Tap one to start. If you cannot find it, tap Search.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/home_screen.py" line="18" />
      <source>常办事项</source>
      <translation>Most used</translation>
    </message>
    <message>
      <location filename="../../ui/screens/home_screen.py" line="20" />
      <source>按类别找</source>
      <translation>By topic</translation>
    </message>
    <message>
      <location filename="../../ui/screens/home_screen.py" line="28" />
      <source>办件进度查询</source>
      <translation>Check progress</translation>
    </message>
    <message>
      <location filename="../../ui/screens/home_screen.py" line="31" />
      <source>继续上次的申请</source>
      <translation>Continue an application</translation>
    </message>
    <message>
      <location filename="../../ui/screens/home_screen.py" line="21" />
      <source>服务类别</source>
      <translation>Topics</translation>
    </message>
    <message>
      <location filename="../../ui/screens/home_screen.py" line="25" />
      <source>搜索要办的事</source>
      <translation>Search for a service</translation>
    </message>
    <message>
      <location filename="../../ui/screens/home_screen.py" line="47" />
      <source>{n}项</source>
      <translation>{n} services</translation>
    </message>
    <message>
      <location filename="../../ui/screens/review_screen.py" line="37" />
      <source>我确认以上内容属实</source>
      <translation>I confirm that the above is true</translation>
    </message>
    <message>
      <location filename="../../ui/screens/review_screen.py" line="38" />
      <source>不方便手写签名的，选这一项代替签名</source>
      <translation>If you cannot sign by hand, choose this instead of a signature</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" line="278" />
      <source>乡镇（街道）和村（社区）：</source>
      <translation>Township (street) and village (community):</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" line="281" />
      <source>身份证上的地址，对的话选这一项</source>
      <translation>The address on your ID card: choose this if it is right</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" line="283" />
      <source>身份证上的乡镇和村</source>
      <translation>The township and village on your ID card</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" line="285" />
      <source>地址不对，自己填写</source>
      <translation>Not right: type it yourself</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" line="288" />
      <source>乡镇（街道）和村（社区）</source>
      <translation>Township (street) and village (community)</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" line="289" />
      <source>不方便打字的，请按“帮助”请工作人员帮忙。</source>
      <translation>If you cannot type, press “Help” and staff will help you.</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" line="357" />
      <source>请选择下一级</source>
      <translation>now choose the next level</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" line="52" />
      <source>标准</source>
      <translation>Standard</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" line="53" />
      <source>大</source>
      <translation>Large</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" line="54" />
      <source>特大</source>
      <translation>Extra large</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" line="72" />
      <source>大字</source>
      <translation>Text size</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" line="73" />
      <source>语音</source>
      <translation>Voice</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" line="76" />
      <source>帮助</source>
      <translation>Help</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" line="77" />
      <source>结束</source>
      <translation>End</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" line="139" />
      <source>提示</source>
      <translation>Notice</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" line="226" />
      <source>继续办理</source>
      <translation>Continue</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" line="227" />
      <source>结束办理</source>
      <translation>End visit</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" line="230" />
      <source>已通知工作人员</source>
      <translation>Staff have been told</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" line="231" />
      <source>工作人员马上就来，请稍等。您填写的内容都已保存。</source>
      <translation>Someone is coming. Please wait. Everything you filled in is saved.</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" line="233" />
      <source>知道了</source>
      <translation>OK</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" line="235" />
      <source>工作人员入口</source>
      <translation>Staff login</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" line="239" />
      <source>要结束这次办理吗？</source>
      <translation>End this visit?</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" line="240" />
      <source>结束后，屏幕上您的信息会清除。没填完的申请已保存为草稿，下次凭身份证和密码可以接着填。</source>
      <translation>Your details will be cleared from the screen. An unfinished application is saved as a draft: next time, use your ID card and PIN to carry on.</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" line="449" />
      <source>语音：开</source>
      <translation>Voice: on</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" line="449" />
      <source>语音：关</source>
      <translation>Voice: off</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" line="77" />
      <source>结束办理，回到首页</source>
      <translation>End visit and go to the start</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" line="513" />
      <source>您还在办理吗？</source>
      <translation>Are you still there?</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" line="372" />
      <source>返回</source>
      <translation>Back</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" line="423" />
      <source>大字：{scale}</source>
      <translation>Text: {scale}</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" line="450" />
      <source>语音播报，现在是开</source>
      <translation>Voice, now on</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" line="450" />
      <source>语音播报，现在是关</source>
      <translation>Voice, now off</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" line="424" />
      <source>字体大小，现在是{scale}，点一下换大一号</source>
      <translation>Text size, now {scale}. Tap for a larger size</translation>
    </message>
  </context>
</TS>
