<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
  <context>
    <name>kiosk</name>
    <message>
      <location filename="../../accessibility/speech/headset.py" />
      <source>尚未检测</source>
      <translation>Not checked yet</translation>
    </message>
    <message>
      <location filename="../../accessibility/speech/headset.py" />
      <source>设置为使用耳机（audio.headset = yes）：个人信息会读出</source>
      <translation>Set to headset (audio.headset = yes): personal details are read out</translation>
    </message>
    <message>
      <location filename="../../accessibility/speech/headset.py" />
      <source>设置为外放（audio.headset = no）：个人信息不读出</source>
      <translation>Set to speaker (audio.headset = no): personal details are not read out</translation>
    </message>
    <message>
      <location filename="../../accessibility/speech/headset.py" />
      <source>没有音频输出设备：按外放处理，个人信息不读出</source>
      <translation>No audio output: treated as the speaker, personal details are not read out</translation>
    </message>
    <message>
      <location filename="../../accessibility/speech/headset.py" />
      <source>检测到耳机：{output}</source>
      <translation>Headset found: {output}</translation>
    </message>
    <message>
      <location filename="../../accessibility/speech/headset.py" />
      <source>未检测到耳机（{output}）：按外放处理，个人信息不读出</source>
      <translation>No headset ({output}): treated as the speaker, personal details are not read out</translation>
    </message>
    <message>
      <location filename="../../devices/camera/base.py" />
      <source>摄像头断开了，请联系工作人员检查连线</source>
      <translation>The camera is disconnected. Please ask staff to check the cable</translation>
    </message>
    <message>
      <location filename="../../devices/camera/base.py" />
      <source>摄像头没有画面，请联系工作人员</source>
      <translation>The camera shows nothing. Please ask staff</translation>
    </message>
    <message>
      <location filename="../../devices/camera/file_camera.py" />
      <source>没有更多画面了</source>
      <translation>No more pictures</translation>
    </message>
    <message>
      <location filename="../../devices/capture/document.py" />
      <source>请把材料放进框内</source>
      <translation>Put the document inside the frame</translation>
    </message>
    <message>
      <location filename="../../devices/capture/document.py" />
      <source>请把材料整个放进框内</source>
      <translation>Put all of the document inside the frame</translation>
    </message>
    <message>
      <location filename="../../devices/capture/document.py" />
      <source>请把材料靠近一些</source>
      <translation>Bring the document closer</translation>
    </message>
    <message>
      <location filename="../../devices/capture/document.py" />
      <source>有反光，请把材料挪一挪或换个角度</source>
      <translation>There is glare. Move the document or tilt it</translation>
    </message>
    <message>
      <location filename="../../devices/capture/document.py" />
      <source>太模糊，请拿稳，不要晃动</source>
      <translation>Too blurred. Hold it still</translation>
    </message>
    <message>
      <location filename="../../devices/capture/document.py" />
      <source>请拿稳</source>
      <translation>Hold it still</translation>
    </message>
    <message>
      <location filename="../../devices/capture/document.py" />
      <source>很好，请保持不动</source>
      <translation>Good. Keep it there</translation>
    </message>
    <message>
      <location filename="../../devices/capture/document.py" />
      <source>拍好了</source>
      <translation>Photo taken</translation>
    </message>
    <message>
      <location filename="../../devices/capture/encode.py" />
      <source>材料照片太大，请重拍</source>
      <translation>The photo is too large. Please retake it</translation>
    </message>
    <message>
      <location filename="../../devices/capture/encode.py" />
      <source>材料照片保存失败，请重拍</source>
      <translation>The photo could not be saved. Please retake it</translation>
    </message>
    <message>
      <location filename="../../devices/cardreader/errors.py" />
      <source>请把身份证放在读卡区</source>
      <translation>Place your ID card on the reader</translation>
    </message>
    <message>
      <location filename="../../devices/cardreader/errors.py" />
      <source>读卡出错，请重新放一次</source>
      <translation>The card could not be read. Place it again</translation>
    </message>
    <message>
      <location filename="../../devices/cardreader/errors.py" />
      <source>身份证已过有效期</source>
      <translation>This ID card has expired</translation>
    </message>
    <message>
      <location filename="../../devices/cardreader/errors.py" />
      <source>读卡器没有响应，请联系工作人员</source>
      <translation>The card reader does not respond. Please ask staff</translation>
    </message>
    <message>
      <location filename="../../devices/cardreader/errors.py" />
      <source>读卡器出了故障，请联系工作人员</source>
      <translation>The card reader has a fault. Please ask staff</translation>
    </message>
    <message>
      <location filename="../../devices/cardreader/serial_reader.py" />
      <source>读卡器没有连接，请联系工作人员</source>
      <translation>The card reader is not connected. Please ask staff</translation>
    </message>
    <message>
      <location filename="../../devices/cardreader/serial_reader.py" />
      <source>读卡器无法使用，请联系工作人员</source>
      <translation>The card reader cannot be used. Please ask staff</translation>
    </message>
    <message>
      <location filename="../../devices/codes/payloads.py" />
      <source>这个码没有读对，请把码放平再扫一次</source>
      <translation>The code was not read. Hold it flat and scan again</translation>
    </message>
    <message>
      <location filename="../../devices/printer/errors.py" />
      <source>打印纸用完了，请联系工作人员换纸</source>
      <translation>The printer is out of paper. Please ask staff</translation>
    </message>
    <message>
      <location filename="../../devices/printer/errors.py" />
      <source>打印机盖子没有关好，请联系工作人员</source>
      <translation>The printer cover is open. Please ask staff</translation>
    </message>
    <message>
      <location filename="../../devices/printer/errors.py" />
      <source>打印机出了故障，请联系工作人员</source>
      <translation>The printer has a fault. Please ask staff</translation>
    </message>
    <message>
      <location filename="../../devices/printer/errors.py" />
      <source>打印机没有连接，请联系工作人员</source>
      <translation>The printer is not connected. Please ask staff</translation>
    </message>
    <message>
      <location filename="../../devices/registry.py" />
      <source>设备设置有误，请联系工作人员</source>
      <translation>A device is set up wrongly. Please ask staff</translation>
    </message>
    <message>
      <location filename="../../kiosk/app.py" />
      <source>无</source>
      <translation>none</translation>
    </message>
    <message>
      <location filename="../../kiosk/app.py" />
      <source>未检测到身份证读卡器：请在屏幕上输入身份证号，或扫身份码</source>
      <translation>No ID card reader found: residents type the ID number on screen, or scan their ID code</translation>
    </message>
    <message>
      <location filename="../../kiosk/app.py" />
      <source>读卡器</source>
      <translation>Card reader</translation>
    </message>
    <message>
      <location filename="../../kiosk/app.py" />
      <source>摄像头</source>
      <translation>Camera</translation>
    </message>
    <message>
      <location filename="../../kiosk/app.py" />
      <source>PDF 文件</source>
      <translation>PDF file</translation>
    </message>
    <message>
      <location filename="../../kiosk/app.py" />
      <source>已连接</source>
      <translation>connected</translation>
    </message>
    <message>
      <location filename="../../kiosk/app.py" />
      <source>回执打印</source>
      <translation>Receipt printer</translation>
    </message>
    <message>
      <location filename="../../kiosk/app.py" />
      <source>耳机</source>
      <translation>Headset</translation>
    </message>
    <message>
      <location filename="../../kiosk/app.py" />
      <source>替代设备</source>
      <translation>Stand-in</translation>
    </message>
    <message>
      <location filename="../../kiosk/app.py" />
      <source>未连接</source>
      <translation>not connected</translation>
    </message>
    <message>
      <location filename="../../kiosk/app.py" />
      <source>未连接小票打印机，回执将保存为 PDF 文件</source>
      <translation>No receipt printer connected: receipts are saved as PDF files</translation>
    </message>
    <message>
      <location filename="../../kiosk/app.py" />
      <source>未检测到摄像头：材料可以选“稍后补交”，或请工作人员帮忙</source>
      <translation>No camera found: residents can choose "Bring later", or ask staff</translation>
    </message>
    <message>
      <location filename="../../kiosk/app.py" />
      <source>未检测到身份证读卡器，正在使用模拟读卡器（演示身份）</source>
      <translation>No ID card reader found: using the simulated reader (demo identity)</translation>
    </message>
    <message>
      <location filename="../../kiosk/app.py" />
      <source>未检测到摄像头，正在使用演示画面</source>
      <translation>No camera found: using demo pictures</translation>
    </message>
    <message>
      <location filename="../../kiosk/applications.py" />
      <source>这份草稿对应的表格已无法恢复，请重新申请</source>
      <translation>The form for this draft can no longer be restored. Please apply again</translation>
    </message>
    <message>
      <location filename="../../kiosk/applications.py" />
      <source>这一步不需要材料</source>
      <translation>This step needs no document</translation>
    </message>
    <message>
      <location filename="../../kiosk/applications.py" />
      <source>没有可以复用的材料</source>
      <translation>There is no earlier document to reuse</translation>
    </message>
    <message>
      <location filename="../../kiosk/applications.py" />
      <source>还有 {n} 处需要填写或修改，第一处：{title}</source>
      <translation>{n} answers still to fill in or fix. The first: {title}</translation>
    </message>
    <message>
      <location filename="../../kiosk/cases.py" />
      <source>继续填写</source>
      <translation>Carry on filling in</translation>
    </message>
    <message>
      <location filename="../../kiosk/cases.py" />
      <source>请按部门要求补正</source>
      <translation>Please make the corrections the office asked for</translation>
    </message>
    <message>
      <location filename="../../kiosk/cases.py" />
      <source>草稿</source>
      <translation>Draft</translation>
    </message>
    <message>
      <location filename="../../kiosk/cases.py" />
      <source>已放弃</source>
      <translation>Abandoned</translation>
    </message>
    <message>
      <location filename="../../kiosk/cases.py" />
      <source>可以提交了</source>
      <translation>Ready to submit</translation>
    </message>
    <message>
      <location filename="../../kiosk/cases.py" />
      <source>需补正：{note}</source>
      <translation>Corrections needed: {note}</translation>
    </message>
    <message>
      <location filename="../../kiosk/cases.py" />
      <source>需补交：{names}</source>
      <translation>Still to bring: {names}</translation>
    </message>
    <message>
      <location filename="../../kiosk/cases.py" />
      <source>还有 {left} 项要填写</source>
      <translation>{left} questions still to answer</translation>
    </message>
    <message>
      <location filename="../../kiosk/cases.py" />
      <source>、</source>
      <translation>, </translation>
    </message>
    <message>
      <location filename="../../kiosk/catalogs.py" />
      <source>还没有安装事项目录，请联系工作人员</source>
      <translation>No service list is installed. Please ask staff</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>请输入文字</source>
      <translation>Enter some text</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>请输入身份证号码</source>
      <translation>Enter an ID card number</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>请输入姓名</source>
      <translation>Enter a name</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>请输入手机号码</source>
      <translation>Enter a mobile number</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>请输入银行账号</source>
      <translation>Enter a bank account number</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>请在框内签名</source>
      <translation>Sign in the box</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>请确认以上内容属实</source>
      <translation>Confirm that the above is true</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>{title}至少要 {low} 个字</source>
      <translation>{title} must be at least {low} characters</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>{title}最多 {high} 个字，现在是 {n} 个</source>
      <translation>{title} must be {high} characters or fewer. It is {n} now</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>{title}不正确：{reason}</source>
      <translation>{title} is not right: {reason}</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>{title}：{problem}</source>
      <translation>{title}: {problem}</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>{title}不能早于1900年</source>
      <translation>{title} cannot be before 1900</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>{title}不能晚于今天</source>
      <translation>{title} cannot be after today</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>{title}不能早于今天</source>
      <translation>{title} cannot be before today</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>{title}请输入数字</source>
      <translation>{title}: enter a number</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>{title}请输入金额，例如 1200.50</source>
      <translation>{title}: enter an amount, for example 1200.50</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>{title}最多到分（两位小数）</source>
      <translation>{title}: use at most 2 decimal places</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>{title}不能是负数</source>
      <translation>{title} cannot be negative</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>{title}数额太大，请核对</source>
      <translation>{title} is too large. Please check it</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>{title}不能小于 {minimum}</source>
      <translation>{title} cannot be less than {minimum}</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>{title}不能大于 {maximum}</source>
      <translation>{title} cannot be more than {maximum}</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>请从给出的选项中选择{title}</source>
      <translation>Choose {title} from the options given</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>请选择{title}</source>
      <translation>Choose {title}</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>{title}：请从列表中选择现在的地区</source>
      <translation>{title}: choose a current area from the list</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>{title}：请继续选到下一级</source>
      <translation>{title}: carry on to the next level</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>{title}：请填写乡镇（街道）和村（社区）</source>
      <translation>{title}: enter the town (street) and village (community)</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>{title}：地址太长，最多 {n} 个字</source>
      <translation>{title}: the address is too long, {n} characters at most</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>{title}应为10到30位数字</source>
      <translation>{title} must be 10 to 30 digits</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>请提供{title}</source>
      <translation>Provide {title}</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>{title}需要现在提供，不能以后补交</source>
      <translation>{title} is needed now. It cannot be brought later</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>请重新拍摄{title}</source>
      <translation>Take the photo of {title} again</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>请阅读并勾选“{title}”后再继续</source>
      <translation>Read and tick "{title}" to continue</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>请填写{title}</source>
      <translation>Enter {title}</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>{title}不是有效的日期</source>
      <translation>{title} is not a real date</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>{title}请输入整数</source>
      <translation>{title}: enter a whole number</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/answers.py" />
      <source>{title}最多保留 {places} 位小数</source>
      <translation>{title}: use at most {places} decimal places</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/catalog.py" />
      <source>养老</source>
      <translation>Pensions</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/catalog.py" />
      <source>医保</source>
      <translation>Medical insurance</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/catalog.py" />
      <source>社保</source>
      <translation>Social security</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/catalog.py" />
      <source>民政救助</source>
      <translation>Social assistance</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/catalog.py" />
      <source>户籍</source>
      <translation>Household registration</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/catalog.py" />
      <source>残疾人</source>
      <translation>Disability</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/catalog.py" />
      <source>其他</source>
      <translation>Other</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/contact.py" />
      <source>请填写姓名</source>
      <translation>Enter a name</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/contact.py" />
      <source>姓名至少2个字</source>
      <translation>A name must be at least 2 characters</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/contact.py" />
      <source>姓名不能超过30个字</source>
      <translation>A name must be 30 characters or fewer</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/contact.py" />
      <source>姓名只能包含汉字和间隔点“·”</source>
      <translation>A name can only have Chinese characters and the dot "·"</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/contact.py" />
      <source>间隔点“·”不能在姓名开头或结尾</source>
      <translation>The dot "·" cannot start or end a name</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/contact.py" />
      <source>间隔点“·”不能连用</source>
      <translation>The dot "·" cannot be used twice in a row</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/contact.py" />
      <source>请填写手机号码</source>
      <translation>Enter a mobile number</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/contact.py" />
      <source>手机号码只能包含数字</source>
      <translation>A mobile number can only have digits</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/contact.py" />
      <source>手机号码应为11位</source>
      <translation>A mobile number has 11 digits</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/contact.py" />
      <source>手机号码应以13至19开头</source>
      <translation>A mobile number starts with 13 to 19</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/forms.py" />
      <source>把材料平放在拍摄区，或选择使用以前提交过的</source>
      <translation>Lay the document flat in the photo area, or choose one you gave before</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/forms.py" />
      <source>申请材料</source>
      <translation>Documents</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/forms.py" />
      <source>没有找到这项服务</source>
      <translation>This service was not found</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/forms.py" />
      <source>这项一件事服务不完整</source>
      <translation>This combined service is incomplete</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/forms.py" />
      <source>请提供{name}</source>
      <translation>Provide {name}</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/identity.py" />
      <source>位数不对，应为18位</source>
      <translation>Wrong length: it must be 18 characters</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/identity.py" />
      <source>只能填数字，18位号码的最后一位可以是X</source>
      <translation>Digits only. The last of the 18 can be X</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/identity.py" />
      <source>地区码不存在</source>
      <translation>The area code does not exist</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/identity.py" />
      <source>出生日期不存在</source>
      <translation>The date of birth does not exist</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/identity.py" />
      <source>出生日期晚于今天</source>
      <translation>The date of birth is after today</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/identity.py" />
      <source>出生日期早于1900年</source>
      <translation>The date of birth is before 1900</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/identity.py" />
      <source>校验码不对，请逐位核对号码</source>
      <translation>The check digit is wrong. Please check each digit</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/identity.py" />
      <source>男</source>
      <translation>Male</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/identity.py" />
      <source>女</source>
      <translation>Female</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/states.py" />
      <source>待提交</source>
      <translation>Waiting to send</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/states.py" />
      <source>正在提交</source>
      <translation>Sending</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/states.py" />
      <source>已受理</source>
      <translation>Received</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/states.py" />
      <source>审核中</source>
      <translation>Being reviewed</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/states.py" />
      <source>需补正</source>
      <translation>Corrections needed</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/states.py" />
      <source>已办结(通过)</source>
      <translation>Approved</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/states.py" />
      <source>未通过</source>
      <translation>Not approved</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/states.py" />
      <source>已撤回</source>
      <translation>Withdrawn</translation>
    </message>
    <message>
      <location filename="../../kiosk/domain/states.py" />
      <source>该申请当前状态为「{current}」，不能变为「{target}」。</source>
      <translation>This application is "{current}" and cannot become "{target}".</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/admin.py" />
      <source>本机还没有设置管理密码，请用 kiosk admin-pin 命令设置。</source>
      <translation>No staff PIN is set on this kiosk. Set one with the kiosk admin-pin command.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/admin.py" />
      <source>密码错误次数过多，已锁定15分钟。</source>
      <translation>Too many wrong PINs. Locked for 15 minutes.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/admin.py" />
      <source>网络：已连接</source>
      <translation>Network: connected</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/admin.py" />
      <source>网络：未连接</source>
      <translation>Network: not connected</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/admin.py" />
      <source>本机状态</source>
      <translation>Kiosk status</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/admin.py" />
      <source>同步：未配置服务器</source>
      <translation>Sync: no server set up</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/admin.py" />
      <source>上次同步成功：{when}</source>
      <translation>Last successful sync: {when}</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/admin.py" />
      <source>密码错误次数过多，请{n}分钟后再试。</source>
      <translation>Too many wrong PINs. Try again in {n} minutes.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/admin.py" />
      <source>密码不对，还可以再试{n}次。</source>
      <translation>Wrong PIN. {n} tries left.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/admin.py" />
      <source>工作人员管理</source>
      <translation>Staff</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/admin.py" />
      <source>请先输入管理密码。</source>
      <translation>Enter the staff PIN first.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/admin.py" />
      <source>服务器：{server}</source>
      <translation>Server: {server}</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/admin.py" />
      <source>还没有</source>
      <translation>not yet</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/admin.py" />
      <source>下次尝试：{when}</source>
      <translation>Next try: {when}</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/admin.py" />
      <source>被退回待处理：{n}件</source>
      <translation>Sent back, to deal with: {n}</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/admin.py" />
      <source>请输入管理密码</source>
      <translation>Enter the staff PIN</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/admin.py" />
      <source>待提交{n}件</source>
      <translation>{n} waiting to send</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/admin.py" />
      <source>待提交的申请：{n}件</source>
      <translation>Applications waiting to send: {n}</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/admin.py" />
      <source>事项目录版本：{version}</source>
      <translation>Service list version: {version}</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/admin.py" />
      <source>{name}：{state}</source>
      <translation>{name}: {state}</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/answers_text.py" />
      <source>（未填写）</source>
      <translation>(not answered)</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/answers_text.py" />
      <source>已签名</source>
      <translation>Signed</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/answers_text.py" />
      <source>已同意</source>
      <translation>Agreed</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/answers_text.py" />
      <source>{y}年{m}月{d}日</source>
      <translation>{d}/{m}/{y}</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/answers_text.py" />
      <source>不提供</source>
      <translation>Not provided</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/answers_text.py" />
      <source>以后补交</source>
      <translation>Bring later</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/answers_text.py" />
      <source>使用以前提交的</source>
      <translation>Use the one given before</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/answers_text.py" />
      <source>已拍照</source>
      <translation>Photo taken</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/answers_text.py" />
      <source>尾号{digits}</source>
      <translation>ending {digits}</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/answers_text.py" />
      <source>{amount}元</source>
      <translation>{amount} yuan</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/answers_text.py" />
      <source>已确认（{statement}）</source>
      <translation>Confirmed ({statement})</translation>
    </message>
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
      <translation>You have not helped anyone on this device yet. Tap "Help someone new" to start.</translation>
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
      <location filename="../../kiosk/flows/cases.py" />
      <source>{title}（{n}件）</source>
      <translation>{title} ({n})</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/draft.py" />
      <source>请先选择要办的事</source>
      <translation>Choose a service first</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/guide.py" />
      <source>必须提供</source>
      <translation>required</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/guide.py" />
      <source>可以以后补交（容缺）</source>
      <translation>can be brought later</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/guide.py" />
      <source>有就提供</source>
      <translation>if you have it</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/guide.py" />
      <source>当场办结</source>
      <translation>Done on the spot</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/guide.py" />
      <source>不收费</source>
      <translation>Free</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/guide.py" />
      <source>准备好了请点“开始办理”</source>
      <translation>When you are ready, tap Start</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/guide.py" />
      <source>不需要准备材料</source>
      <translation>No documents needed</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/guide.py" />
      <source>承诺{n}个工作日内办结</source>
      <translation>Done within {n} working days</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/guide.py" />
      <source>；</source>
      <translation>; </translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/guide.py" />
      <source>这项服务需要本人办理，不能代办。</source>
      <translation>This service must be done in person. No one can do it for you.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/guide.py" />
      <source>代办需要申请人同意，请重新核验申请人身份。</source>
      <translation>Acting for someone needs their agreement. Please check the applicant's identity again.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/guide.py" />
      <source>需要准备{n}项材料</source>
      <translation>{n} documents needed</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/guide.py" />
      <source>其中{names}可以以后补交</source>
      <translation>{names} can be brought later</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/guide.py" />
      <source>{names}您以前提交过，可以直接用</source>
      <translation>You gave {names} before and can use it again</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/guide.py" />
      <source>{note}（{amount}元）</source>
      <translation>{note} ({amount} yuan)</translation>
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
      <source>没有问题请点“确认”；不对请点“重新输入”。</source>
      <translation>If this is right, tap Confirm. If not, tap Enter again.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/identify.py" />
      <source>这个码不是身份证件码，请放身份证，或用数字键输入。</source>
      <translation>This code is not an ID code. Place your ID card, or type the number.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/identify.py" />
      <source>请核对代办人的信息</source>
      <translation>Check the helper's details</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/identify.py" />
      <source>请申请人确认同意由代办人帮忙办理，然后点“确认”。</source>
      <translation>The applicant must agree to the helper acting for them, then tap Confirm.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/identify.py" />
      <source>姓名稍后填写</source>
      <translation>Name to be filled in later</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/identify.py" />
      <source>证件信息读取有误，请重新放好身份证，或用数字键输入。</source>
      <translation>The card could not be read. Place your ID card again, or type the number.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/identify.py" />
      <source>申请人和代办人不能是同一个人，请核验申请人的身份。</source>
      <translation>The applicant and the helper cannot be the same person. Please check the applicant's identity.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/identify.py" />
      <source>请申请人确认同意由代办人帮忙办理。</source>
      <translation>The applicant must agree to the helper acting for them.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/identify.py" />
      <source>请核验您（帮办员）的身份</source>
      <translation>Please confirm your identity (volunteer)</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/identify.py" />
      <source>把申请人的身份证放在读卡区，或扫描二维码，或用数字键输入身份证号码。</source>
      <translation>Place the applicant's ID card on the reader, scan a QR code, or type the ID number.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/identify.py" />
      <source>把您的身份证放在读卡区，或扫描二维码，或用数字键输入身份证号码。</source>
      <translation>Place your ID card on the reader, scan a QR code, or type your ID number.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/identify.py" />
      <source>把回执上的二维码对准摄像头，或把身份证放在读卡区，或用数字键输入身份证号码。</source>
      <translation>Hold the QR code on your receipt up to the camera, or place your ID card on the reader, or type your ID number on the keypad.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/identify.py" />
      <source>请核对申请人的信息</source>
      <translation>Check the applicant's details</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/identify.py" />
      <source>请核对您的信息</source>
      <translation>Check your details</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/identify.py" />
      <source>请先核验您（代办人）的身份</source>
      <translation>First, check your identity (the helper)</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/identify.py" />
      <source>姓名{name}</source>
      <translation>Name {name}</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/identify.py" />
      <source>身份证号码不正确：{reason}</source>
      <translation>The ID number is not right: {reason}</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/identify.py" />
      <source>请先核验身份。</source>
      <translation>Check your identity first.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/identify.py" />
      <source>请核验申请人（您帮办的人）的身份</source>
      <translation>Check the identity of the applicant (the person you are helping)</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/identify.py" />
      <source>请核验您的身份</source>
      <translation>Check your identity</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/identify.py" />
      <source>身份证号码尾号{digits}</source>
      <translation>ID number ending {digits}</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/identify.py" />
      <source>X 只能是第18位。</source>
      <translation>X can only be the 18th character.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/idle.py" />
      <source>您还在办理吗？{n}秒后将结束本次办理。已填写的内容会保存为草稿，下次可以继续。要接着办，请点“继续办理”。</source>
      <translation>Are you still there? This visit will end in {n} seconds. What you have filled in is saved as a draft, so you can carry on next time. To carry on now, tap Continue.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/outcome.py" />
      <source>。</source>
      <translation>.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/pin.py" />
      <source>删除</source>
      <translation>Delete</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/pin.py" />
      <source>清空</source>
      <translation>Clear</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/pin.py" />
      <source>请设置一个4位数字密码</source>
      <translation>Choose a 4-digit PIN</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/pin.py" />
      <source>下次凭身份证和这个密码，可以接着填写。请记住它，不要告诉别人。</source>
      <translation>With your ID card and this PIN you can carry on next time. Remember it and tell no one.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/pin.py" />
      <source>请再输入一次密码</source>
      <translation>Enter the PIN again</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/pin.py" />
      <source>两次输入相同，密码才设置成功。</source>
      <translation>The PIN is set when both entries match.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/pin.py" />
      <source>请输入4位数字。</source>
      <translation>Enter 4 digits.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/pin.py" />
      <source>两次输入的密码不一样，请重新设置。</source>
      <translation>The two PINs do not match. Please choose one again.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/pin.py" />
      <source>这个密码太容易被猜到，请换一个，不要用1234、0000这样的。</source>
      <translation>This PIN is too easy to guess. Choose another, not one like 1234 or 0000.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/pin.py" />
      <source>密码已设置。</source>
      <translation>PIN set.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/progress.py" />
      <source>已保存在本机，网络恢复后自动提交。</source>
      <translation>Saved on this kiosk. It will be sent when the network is back.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/progress.py" />
      <source>正在提交，请稍后再查。</source>
      <translation>Being sent. Please check again later.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/progress.py" />
      <source>办理部门已收到，正在安排审核。</source>
      <translation>The office has it and will review it.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/progress.py" />
      <source>工作人员正在审核。</source>
      <translation>Staff are reviewing it.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/progress.py" />
      <source>已经办好了。</source>
      <translation>It is done.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/progress.py" />
      <source>没有通过，原因见下方；有疑问请拨打咨询电话。</source>
      <translation>Not approved. The reason is below. For questions, call the enquiry number.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/progress.py" />
      <source>已经撤回。</source>
      <translation>Withdrawn.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/progress.py" />
      <source>办件进度</source>
      <translation>Progress</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/progress.py" />
      <source>返回首页</source>
      <translation>Back to start</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/progress.py" />
      <source>本机没有这个回执编号的申请，请核对，或凭身份证查询。</source>
      <translation>No application on this kiosk has this receipt number. Please check it, or look it up with your ID card.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/progress.py" />
      <source>本机没有查到您的申请。在其他地方办的，请拨打咨询电话查询。</source>
      <translation>No applications of yours were found on this kiosk. For ones made elsewhere, call the enquiry number.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/progress.py" />
      <source>返回我帮办的申请</source>
      <translation>Back to my cases</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/progress.py" />
      <source>请先核验身份</source>
      <translation>Check your identity first</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/progress.py" />
      <source>需要补正：请按下面的说明准备，带上回执到办理窗口，或拨打咨询电话。</source>
      <translation>Corrections needed: prepare what is described below and bring your receipt to the counter, or call the enquiry number.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/progress.py" />
      <source>共{n}件</source>
      <translation>{n} applications</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/progress.py" />
      <source>最近一件是{service}，{state}，{what_next}</source>
      <translation>The latest is {service}, {state}. {what_next}</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/rating.py" />
      <source>等的时间太长</source>
      <translation>I waited too long</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/rating.py" />
      <source>操作太复杂</source>
      <translation>It was too complicated</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/rating.py" />
      <source>要的材料太多</source>
      <translation>Too many documents were needed</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/rating.py" />
      <source>字看不清或声音听不清</source>
      <translation>Hard to read or hear</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/rating.py" />
      <source>机器出了故障</source>
      <translation>The machine went wrong</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/rating.py" />
      <source>其他原因</source>
      <translation>Something else</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/rating.py" />
      <source>非常满意</source>
      <translation>Very satisfied</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/rating.py" />
      <source>满意</source>
      <translation>Satisfied</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/rating.py" />
      <source>基本满意</source>
      <translation>Neither</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/rating.py" />
      <source>不满意</source>
      <translation>Dissatisfied</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/rating.py" />
      <source>非常不满意</source>
      <translation>Very dissatisfied</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/rating.py" />
      <source>谢谢您的评价</source>
      <translation>Thank you for your feedback</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/rating.py" />
      <source>请为这次服务打个分</source>
      <translation>How was this service?</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/rating.py" />
      <source>请先选择一个评价。</source>
      <translation>Choose a rating first.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/rating.py" />
      <source>请选择不满意的原因，我们会改进。</source>
      <translation>Choose what you were unhappy with, so we can improve.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/rating.py" />
      <source>点“结束”离开，或点“办理其他事项”</source>
      <translation>Tap End to leave, or New service</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/rating.py" />
      <source>谢谢您的评价。</source>
      <translation>Thank you for your feedback.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/rating.py" />
      <source>请选择不满意的原因，然后点“提交评价”</source>
      <translation>Choose what you were unhappy with, then tap Send feedback</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/rating.py" />
      <source>从非常满意到非常不满意，共五档，选好后点“提交评价”</source>
      <translation>Five choices, from very satisfied to very dissatisfied. Then tap Send feedback</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/receipt.py" />
      <source>网络暂不可用，申请已保存在本机，恢复后自动提交。</source>
      <translation>The network is down. Your application is saved on this kiosk and will be sent when it is back.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/receipt.py" />
      <source>申请会马上发送到办理部门。</source>
      <translation>Your application will be sent to the office now.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/receipt.py" />
      <source>凭回执编号或身份证，可以在本机“办件进度查询”里查看进度。</source>
      <translation>To see progress, use Check progress on this kiosk with your receipt number or ID card.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/receipt.py" />
      <source>回执编号</source>
      <translation>Receipt number</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/receipt.py" />
      <source>办理事项</source>
      <translation>Service</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/receipt.py" />
      <source>提交时间</source>
      <translation>Sent</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/receipt.py" />
      <source>还没有提交申请</source>
      <translation>No application has been sent yet</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/receipt.py" />
      <source>工作人员审核后，会用短信通知您结果。</source>
      <translation>After review, staff will text you the result.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/receipt.py" />
      <source>工作人员会当场办理。</source>
      <translation>Staff will deal with it on the spot.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/receipt.py" />
      <source>申请已提交</source>
      <translation>Application sent</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/receipt.py" />
      <source>咨询电话</source>
      <translation>Enquiries</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/receipt.py" />
      <source>还需要补交：{names}</source>
      <translation>Still to bring: {names}</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/receipt.py" />
      <source>可以点“打印回执”，也可以给这次服务评价</source>
      <translation>You can tap Print for a receipt, and rate this service</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/receipt.py" />
      <source>还需补交：{names}。</source>
      <translation>Still to bring: {names}.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/receipt.py" />
      <source>承诺{n}个工作日内办结。</source>
      <translation>Done within {n} working days.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/receipt.py" />
      <source>回执编号是 {number}</source>
      <translation>Your receipt number is {number}</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/resume.py" />
      <source>请用草稿凭条继续</source>
      <translation>Continue with your draft slip</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/resume.py" />
      <source>把凭条上的二维码对准摄像头，或输入凭条上的10位草稿编号。</source>
      <translation>Hold the slip's QR code to the camera, or type its 10-character draft code.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/resume.py" />
      <source>请输入凭条上的10位草稿编号。</source>
      <translation>Type the 10-character draft code on the slip.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/resume.py" />
      <source>没有凭条，请点“用身份证和密码”</source>
      <translation>No slip? Press "ID card and PIN"</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/resume.py" />
      <source>请输入这份申请的4位密码</source>
      <translation>Enter the 4-digit PIN of this application</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/resume.py" />
      <source>本机没有您没填完的申请。</source>
      <translation>You have no unfinished applications on this kiosk.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/resume.py" />
      <source>这份申请没有设置密码，请找工作人员帮忙。</source>
      <translation>This application has no PIN. Please ask staff.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/resume.py" />
      <source>请输入4位数字密码。</source>
      <translation>Enter a 4-digit PIN.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/resume.py" />
      <source>草稿编号是10位，请输入完整。</source>
      <translation>The draft code has 10 characters. Please type all of them.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/resume.py" />
      <source>这不是草稿凭条上的二维码。请扫凭条上的二维码，或输入草稿编号。</source>
      <translation>This is not a draft slip's QR code. Scan the slip's code, or type the draft code.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/resume.py" />
      <source>这位申请人没有这份没填完的申请，请核对申请人。</source>
      <translation>This applicant has no such unfinished application. Please check the applicant.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/resume.py" />
      <source>请选择要接着填写的申请</source>
      <translation>Choose the application to carry on with</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/resume.py" />
      <source>没有设置密码的，请找工作人员帮忙。</source>
      <translation>For one without a PIN, please ask staff.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/resume.py" />
      <source>没有找到没填完的申请</source>
      <translation>No unfinished applications</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/resume.py" />
      <source>可以回到首页重新办理。</source>
      <translation>You can go back to the start and apply again.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/resume.py" />
      <source>密码正确，接着上次的地方填写。</source>
      <translation>PIN correct. Carry on where you left off.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/resume.py" />
      <source>这份申请需要用身份证和密码继续，请点“用身份证和密码”。</source>
      <translation>This one opens with your ID card and PIN. Press "ID card and PIN".</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/resume.py" />
      <source>草稿编号正确，接着上次的地方填写。</source>
      <translation>Code correct. Carry on where you stopped.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/resume.py" />
      <source>这份申请已经提交了，可以在首页“办件进度查询”里查看进度。</source>
      <translation>This application was already submitted. See "Check progress" on the home page.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/resume.py" />
      <source>这是帮办人代办的申请，凭条不能打开。请帮办人从“我帮办的申请”继续。</source>
      <translation>A helper started this application, so a slip cannot open it. The helper continues it from "Applications I help with".</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/resume.py" />
      <source>{service}，{when}保存。</source>
      <translation>{service}, saved {when}.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/resume.py" />
      <source>这份申请已经不能继续了。</source>
      <translation>This application can no longer be continued.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/resume.py" />
      <source>请先选择要继续的申请。</source>
      <translation>Choose the application to continue first.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/resume.py" />
      <source>这份申请超过{days}天没有接着填写，已经作废。请重新办理。</source>
      <translation>This draft was not continued for {days} days and has been closed. Please apply again.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/review.py" />
      <source>基本信息</source>
      <translation>Basic details</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/review.py" />
      <source>请核对您填写的内容</source>
      <translation>Check your answers</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/review.py" />
      <source>不对的地方请点“修改”</source>
      <translation>Tap Change to fix anything wrong</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/review.py" />
      <source>然后点“提交申请”</source>
      <translation>Then tap Send application</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/review.py" />
      <source>看完请勾选同意</source>
      <translation>When you have read it, tick to agree</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/review.py" />
      <source>在框内签名，或选择“我确认以上内容属实”代替签名</source>
      <translation>Sign in the box, or choose "I confirm the above is true" instead of signing</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/review.py" />
      <source>申请已提交。</source>
      <translation>Application sent.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/review.py" />
      <source>有{n}处需要修改：{first}</source>
      <translation>{n} things to fix: {first}</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/slip.py" />
      <source>可以打印一张草稿凭条，下次带上凭条或身份证，就能接着填</source>
      <translation>Print a draft slip; bring it or your ID card next time</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/slip.py" />
      <source>保存时间</source>
      <translation>Saved</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/slip.py" />
      <source>保存到</source>
      <translation>Kept until</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/slip.py" />
      <source>没有可以打印凭条的草稿</source>
      <translation>No draft to print a slip for</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/slip.py" />
      <source>草稿凭条</source>
      <translation>Draft slip</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/slip.py" />
      <source>草稿编号不是回执，申请提交后才有回执编号。</source>
      <translation>This is not a receipt: you get a receipt number when you submit.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/slip.py" />
      <source>这份申请还没有提交，已保存在本机。</source>
      <translation>This application is not submitted yet. It is saved on this kiosk.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/slip.py" />
      <source>接着填写：带上这张凭条或身份证，到本机点“继续上次的申请”，扫一扫下面的二维码，或输入草稿编号。</source>
      <translation>To carry on: bring this slip or your ID card, press "Continue an application" on this kiosk, and scan the QR code below or type the draft code.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/slip.py" />
      <source>凭条像钥匙一样，请妥善保管，不要交给别人。</source>
      <translation>This slip is like a key: keep it safe and do not give it to anyone.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/slip.py" />
      <source>没填完的申请已保存到{date}</source>
      <translation>Saved until {date}</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/slip.py" />
      <source>草稿保存到{date}，过期会被删除。</source>
      <translation>The draft is kept until {date}, then deleted.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/visit.py" />
      <source>这是回执上的二维码。查进度请回首页点“办件进度查询”。</source>
      <translation>This is the QR code of a receipt. To check progress, go home and tap "Check progress".</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/visit.py" />
      <source>这是草稿凭条上的二维码。要接着填写，请回首页点“继续上次的申请”。</source>
      <translation>This is a draft slip's QR code. To carry on, press "Continue an application" on the home page.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/visit.py" />
      <source>这个码没有读完整，请拿稳再扫一次。</source>
      <translation>The code was not read completely. Please hold it steady and scan again.</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/wizard.py" />
      <source>第 {n} 步，共 {total} 步</source>
      <translation>Step {n} of {total}</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/wizard.py" />
      <source>这是您上次申请时填写的，请核对</source>
      <translation>This is what you answered last time. Please check it</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/wizard.py" />
      <source>您以前提交过这份材料，可以直接使用</source>
      <translation>You gave this document before and can use it again</translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/wizard.py" />
      <source>有一处需要修改：</source>
      <translation>One thing to fix: </translation>
    </message>
    <message>
      <location filename="../../kiosk/flows/wizard.py" />
      <source>这是根据您的证件自动填写的，请核对</source>
      <translation>This was filled in from your ID card. Please check it</translation>
    </message>
    <message>
      <location filename="../../kiosk/search.py" />
      <source>一件事</source>
      <translation>Combined services</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/catalog_repo.py" />
      <source>找不到该版本的服务目录。</source>
      <translation>This version of the service list was not found.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/catalog_repo.py" />
      <source>服务目录文件不完整或已损坏，继续使用原目录。</source>
      <translation>The service list file is incomplete or damaged. The current list stays in use.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/catalog_repo.py" />
      <source>服务目录数据已损坏，请联系工作人员。</source>
      <translation>The service list is damaged. Please ask staff.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/catalog_repo.py" />
      <source>服务目录版本号重复但内容不同，继续使用原目录。</source>
      <translation>A service list with the same version but different content was refused. The current list stays in use.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/connectors.py" />
      <source>本机数据无法解密，请联系工作人员。</source>
      <translation>The data on this kiosk cannot be decrypted. Please ask staff.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/database.py" />
      <source>本机存储不支持安全写入，请联系工作人员。</source>
      <translation>The storage on this kiosk cannot save safely. Please ask staff.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/drafts_repo.py" />
      <source>找不到该草稿。</source>
      <translation>Draft not found.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/drafts_repo.py" />
      <source>该草稿已提交或已放弃，不能再修改。</source>
      <translation>This draft was sent or abandoned and cannot be changed.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/drafts_repo.py" />
      <source>该草稿没有设置密码。</source>
      <translation>This draft has no PIN.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/drafts_repo.py" />
      <source>草稿编号有一位不对。请对照凭条，一位一位核对后再按确定。</source>
      <translation>One character of the code is wrong. Check each against the slip, then press OK.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/drafts_repo.py" />
      <source>没有找到这个草稿编号，请核对凭条上的编号，还可以再试{n}次。</source>
      <translation>No draft has this code. Check it against the slip. {n} tries left.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/drafts_repo.py" />
      <source>草稿编号输错次数过多，请在{until}以后再试，或请工作人员帮助。</source>
      <translation>Too many wrong draft codes. Try again after {until}, or ask staff for help.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/drafts_repo.py" />
      <source>密码输错次数过多，请在{until}以后再试，或请工作人员帮助。</source>
      <translation>Too many wrong PINs. Try again after {until}, or ask staff.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/encryption.py" />
      <source>本机数据密钥已损坏，请联系工作人员。</source>
      <translation>The data key on this kiosk is damaged. Please ask staff.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/encryption.py" />
      <source>找不到本机数据密钥，请联系工作人员。</source>
      <translation>The data key of this kiosk was not found. Please ask staff.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/encryption.py" />
      <source>本机数据密钥丢失，数据无法打开，请联系工作人员。</source>
      <translation>The data key of this kiosk is lost, so its data cannot be opened. Please ask staff.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/encryption.py" />
      <source>本机数据密钥无法读取，请联系工作人员。</source>
      <translation>The data key of this kiosk cannot be read. Please ask staff.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/errors.py" />
      <source>本机数据暂时不可用，请联系工作人员。</source>
      <translation>The data on this kiosk is not available at the moment. Please ask staff.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/keys.py" />
      <source>本机密钥文件已损坏，请联系工作人员。</source>
      <translation>The key file of this kiosk is damaged. Please ask staff.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/materials_repo.py" />
      <source>材料文件已损坏，请重新拍摄。</source>
      <translation>The document photo is damaged. Please take it again.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/materials_repo.py" />
      <source>找不到该材料。</source>
      <translation>Document not found.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/materials_repo.py" />
      <source>材料文件丢失，请重新拍摄。</source>
      <translation>The document photo is missing. Please take it again.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/migrations.py" />
      <source>本机数据由更新版本的程序写入，请升级程序后再使用。</source>
      <translation>The data on this kiosk was written by a newer version. Please update the software.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/outbox_repo.py" />
      <source>找不到该申请。</source>
      <translation>Application not found.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/outbox_repo.py" />
      <source>该草稿已提交或已放弃，不能再提交。</source>
      <translation>This draft was sent or abandoned and cannot be sent again.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/outbox_repo.py" />
      <source>提交进度异常，请联系工作人员。</source>
      <translation>Something is wrong with sending. Please ask staff.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/ratings_repo.py" />
      <source>这件事已经评价过了，谢谢您。</source>
      <translation>You have already rated this. Thank you.</translation>
    </message>
    <message>
      <location filename="../../kiosk/storage/transactions.py" />
      <source>本机数据保存失败，请联系工作人员。</source>
      <translation>Saving on this kiosk failed. Please ask staff.</translation>
    </message>
    <message>
      <location filename="../../ui/capture.py" />
      <source>拍照没有成功，请再试一次。</source>
      <translation>The photo did not work. Please try again.</translation>
    </message>
    <message>
      <location filename="../../ui/capture.py" />
      <source>摄像头出了问题</source>
      <translation>The camera has a problem</translation>
    </message>
    <message>
      <location filename="../../ui/draft_slip.py" />
      <source>草稿编号</source>
      <translation>Draft code</translation>
    </message>
    <message>
      <location filename="../../ui/screens/admin_screen.py" />
      <source>已输入的密码位数</source>
      <translation>Digits of the PIN entered</translation>
    </message>
    <message>
      <location filename="../../ui/screens/admin_screen.py" />
      <source>最近的日志</source>
      <translation>Recent log</translation>
    </message>
    <message>
      <location filename="../../ui/screens/admin_screen.py" />
      <source>退出自助模式</source>
      <translation>Leave kiosk mode</translation>
    </message>
    <message>
      <location filename="../../ui/screens/admin_screen.py" />
      <source>确定</source>
      <translation>OK</translation>
    </message>
    <message>
      <location filename="../../ui/screens/admin_screen.py" />
      <source>请输入管理密码。</source>
      <translation>Enter the staff PIN.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/admin_screen.py" />
      <source>（请输入）</source>
      <translation>(enter it)</translation>
    </message>
    <message>
      <location filename="../../ui/screens/admin_screen.py" />
      <source>（没有日志）</source>
      <translation>(no log)</translation>
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
      <location filename="../../ui/screens/cases_screen.py" />
      <source>{action}：第{n}件，{service}</source>
      <translation>{action}: case {n}, {service}</translation>
    </message>
    <message>
      <location filename="../../ui/screens/guide_screen.py" />
      <source>一次办好这几件事</source>
      <translation>These services in one go</translation>
    </message>
    <message>
      <location filename="../../ui/screens/guide_screen.py" />
      <source>谁可以申请</source>
      <translation>Who can apply</translation>
    </message>
    <message>
      <location filename="../../ui/screens/guide_screen.py" />
      <source>需要准备的材料</source>
      <translation>Documents you need</translation>
    </message>
    <message>
      <location filename="../../ui/screens/guide_screen.py" />
      <source>办理须知</source>
      <translation>Good to know</translation>
    </message>
    <message>
      <location filename="../../ui/screens/guide_screen.py" />
      <source>返回</source>
      <translation>Back</translation>
    </message>
    <message>
      <location filename="../../ui/screens/guide_screen.py" />
      <source>继续上次填写的</source>
      <translation>Carry on from last time</translation>
    </message>
    <message>
      <location filename="../../ui/screens/guide_screen.py" />
      <source>开始办理</source>
      <translation>Start</translation>
    </message>
    <message>
      <location filename="../../ui/screens/guide_screen.py" />
      <source>（您以前提交过，可以直接用）</source>
      <translation> (you gave it before and can use it again)</translation>
    </message>
    <message>
      <location filename="../../ui/screens/guide_screen.py" />
      <source>· {name}：{supply}</source>
      <translation>· {name}: {supply}</translation>
    </message>
    <message>
      <location filename="../../ui/screens/guide_screen.py" />
      <source>不需要准备材料。</source>
      <translation>No documents needed.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/guide_screen.py" />
      <source>办理时限：{text}</source>
      <translation>Time: {text}</translation>
    </message>
    <message>
      <location filename="../../ui/screens/guide_screen.py" />
      <source>收费：{text}</source>
      <translation>Fee: {text}</translation>
    </message>
    <message>
      <location filename="../../ui/screens/guide_screen.py" />
      <source>办理部门：{text}</source>
      <translation>Office: {text}</translation>
    </message>
    <message>
      <location filename="../../ui/screens/guide_screen.py" />
      <source>咨询电话：{text}</source>
      <translation>Enquiries: {text}</translation>
    </message>
    <message>
      <location filename="../../ui/screens/guide_screen.py" />
      <source>要回答的问题：共{n}个，一次一个</source>
      <translation>Questions: {n}, one at a time</translation>
    </message>
    <message>
      <location filename="../../ui/screens/guide_screen.py" />
      <source>办理地点：{text}</source>
      <translation>Where: {text}</translation>
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
      <source>帮办代办</source>
      <translation>Volunteers</translation>
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
      <source>帮办代办：我帮办的申请</source>
      <translation>Volunteers: applications I help with</translation>
    </message>
    <message>
      <location filename="../../ui/screens/home_screen.py" />
      <source>{n}项</source>
      <translation>{n} services</translation>
    </message>
    <message>
      <location filename="../../ui/screens/identify_screen.py" />
      <source>已输入的身份证号码</source>
      <translation>ID number entered</translation>
    </message>
    <message>
      <location filename="../../ui/screens/identify_screen.py" />
      <source>我是帮别人办</source>
      <translation>I am helping someone</translation>
    </message>
    <message>
      <location filename="../../ui/screens/identify_screen.py" />
      <source>申请人同意由代办人代为填写和提交本次申请</source>
      <translation>The applicant agrees to the helper filling in and sending this application</translation>
    </message>
    <message>
      <location filename="../../ui/screens/identify_screen.py" />
      <source>请申请人本人点这里确认</source>
      <translation>The applicant taps here to agree</translation>
    </message>
    <message>
      <location filename="../../ui/screens/identify_screen.py" />
      <source>重新输入</source>
      <translation>Enter again</translation>
    </message>
    <message>
      <location filename="../../ui/screens/identify_screen.py" />
      <source>我是帮别人办（代办）</source>
      <translation>I am helping someone (acting for them)</translation>
    </message>
    <message>
      <location filename="../../ui/screens/identify_screen.py" />
      <source>（还没有输入）</source>
      <translation>(nothing entered yet)</translation>
    </message>
    <message>
      <location filename="../../ui/screens/identify_screen.py" />
      <source>姓名：稍后填写</source>
      <translation>Name: to be filled in later</translation>
    </message>
    <message>
      <location filename="../../ui/screens/identify_screen.py" />
      <source>确认，下一步</source>
      <translation>Confirm and go on</translation>
    </message>
    <message>
      <location filename="../../ui/screens/identify_screen.py" />
      <source>身份证号码：{number}</source>
      <translation>ID number: {number}</translation>
    </message>
    <message>
      <location filename="../../ui/screens/identify_screen.py" />
      <source>代办人：{helper}。请申请人本人点这里确认</source>
      <translation>Helper: {helper}. The applicant taps here to agree</translation>
    </message>
    <message>
      <location filename="../../ui/screens/identify_screen.py" />
      <source>姓名：{name}</source>
      <translation>Name: {name}</translation>
    </message>
    <message>
      <location filename="../../ui/screens/materials_screen.py" />
      <source>本机没有可用的摄像头，请点“帮助”请工作人员帮忙。</source>
      <translation>This kiosk has no working camera. Tap Help to ask staff.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/materials_screen.py" />
      <source>拍摄提示</source>
      <translation>Photo hint</translation>
    </message>
    <message>
      <location filename="../../ui/screens/materials_screen.py" />
      <source>摄像头画面</source>
      <translation>Camera view</translation>
    </message>
    <message>
      <location filename="../../ui/screens/materials_screen.py" />
      <source>跳过</source>
      <translation>Skip</translation>
    </message>
    <message>
      <location filename="../../ui/screens/materials_screen.py" />
      <source>重拍</source>
      <translation>Retake</translation>
    </message>
    <message>
      <location filename="../../ui/screens/materials_screen.py" />
      <source>拍照</source>
      <translation>Take photo</translation>
    </message>
    <message>
      <location filename="../../ui/screens/materials_screen.py" />
      <source>使用以前提交过的</source>
      <translation>Reuse earlier copy</translation>
    </message>
    <message>
      <location filename="../../ui/screens/materials_screen.py" />
      <source>使用这张照片</source>
      <translation>Use this photo</translation>
    </message>
    <message>
      <location filename="../../ui/screens/materials_screen.py" />
      <source>拍好了。看得清的话，请点“使用这张照片”；不清楚请点“重拍”。</source>
      <translation>Photo taken. If it is clear, tap Use this photo. If not, tap Retake.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/materials_screen.py" />
      <source>请把材料平放在拍摄区。</source>
      <translation>Lay the document flat in the photo area.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/materials_screen.py" />
      <source>没有这份材料，跳过</source>
      <translation>I do not have this document, skip</translation>
    </message>
    <message>
      <location filename="../../ui/screens/materials_screen.py" />
      <source>正在拍照，请拿稳……</source>
      <translation>Taking the photo. Hold still…</translation>
    </message>
    <message>
      <location filename="../../ui/screens/materials_screen.py" />
      <source>请把材料平放在拍摄区，然后点“拍照”。</source>
      <translation>Lay the document flat in the photo area, then tap Take photo.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/materials_screen.py" />
      <source>您在{when}提交过{name}，可以直接使用，不用再拍。</source>
      <translation>You gave {name} on {when}. You can use it again with no new photo.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/materials_screen.py" />
      <source>{name}现在没有带的话，可以以后补交。</source>
      <translation>If you do not have {name} with you, you can bring it later.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/pin_screen.py" />
      <source>已输入{n}位，共4位</source>
      <translation>{n} of 4 digits entered</translation>
    </message>
    <message>
      <location filename="../../ui/screens/pin_screen.py" />
      <source>草稿编号：{code}</source>
      <translation>Draft code: {code}</translation>
    </message>
    <message>
      <location filename="../../ui/screens/progress_screen.py" />
      <source>共{n}件，最新的在最上面。</source>
      <translation>{n} applications, newest first.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/progress_screen.py" />
      <source>{service}，{state}</source>
      <translation>{service}, {state}</translation>
    </message>
    <message>
      <location filename="../../ui/screens/progress_screen.py" />
      <source>回执编号：{number}</source>
      <translation>Receipt number: {number}</translation>
    </message>
    <message>
      <location filename="../../ui/screens/progress_screen.py" />
      <source>更新时间：{when}</source>
      <translation>Updated: {when}</translation>
    </message>
    <message>
      <location filename="../../ui/screens/progress_screen.py" />
      <source>说明：{note}</source>
      <translation>Note: {note}</translation>
    </message>
    <message>
      <location filename="../../ui/screens/rating_screen.py" />
      <source>哪里让您不满意？请选一项：</source>
      <translation>What were you unhappy with? Choose one:</translation>
    </message>
    <message>
      <location filename="../../ui/screens/rating_screen.py" />
      <source>办理其他事项</source>
      <translation>New service</translation>
    </message>
    <message>
      <location filename="../../ui/screens/rating_screen.py" />
      <source>结束</source>
      <translation>End</translation>
    </message>
    <message>
      <location filename="../../ui/screens/rating_screen.py" />
      <source>提交评价</source>
      <translation>Send feedback</translation>
    </message>
    <message>
      <location filename="../../ui/screens/rating_screen.py" />
      <source>评价</source>
      <translation>Rate</translation>
    </message>
    <message>
      <location filename="../../ui/screens/rating_screen.py" />
      <source>不满意的原因</source>
      <translation>Why you were unhappy</translation>
    </message>
    <message>
      <location filename="../../ui/screens/rating_screen.py" />
      <source>结束，回到首页</source>
      <translation>End and go to the start</translation>
    </message>
    <message>
      <location filename="../../ui/screens/rating_screen.py" />
      <source>您的评价会帮助我们改进。</source>
      <translation>Your feedback helps us improve.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/rating_screen.py" />
      <source>您的评价已经记下了。</source>
      <translation>Your feedback has been recorded.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/receipt_screen.py" />
      <source>受理回执</source>
      <translation>Receipt</translation>
    </message>
    <message>
      <location filename="../../ui/screens/receipt_screen.py" />
      <source>请妥善保管本回执。</source>
      <translation>Please keep this receipt safe.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/receipt_screen.py" />
      <source>扫码查进度：</source>
      <translation>Scan to check progress:</translation>
    </message>
    <message>
      <location filename="../../ui/screens/receipt_screen.py" />
      <source>回执二维码</source>
      <translation>Receipt QR code</translation>
    </message>
    <message>
      <location filename="../../ui/screens/receipt_screen.py" />
      <source>打印回执</source>
      <translation>Print</translation>
    </message>
    <message>
      <location filename="../../ui/screens/receipt_screen.py" />
      <source>为这次服务评价</source>
      <translation>Rate this service</translation>
    </message>
    <message>
      <location filename="../../ui/screens/receipt_screen.py" />
      <source>{service}。请记下或打印回执编号。</source>
      <translation>{service}. Note down or print the receipt number.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/receipt_screen.py" />
      <source>回执编号 {number}</source>
      <translation>Receipt number {number}</translation>
    </message>
    <message>
      <location filename="../../ui/screens/receipt_screen.py" />
      <source>打印失败，请记下回执编号，或找工作人员。</source>
      <translation>Printing failed. Please note the receipt number, or ask staff.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/receipt_screen.py" />
      <source>提交时间：{when}</source>
      <translation>Sent: {when}</translation>
    </message>
    <message>
      <location filename="../../ui/screens/receipt_screen.py" />
      <source>已打印{n}次。</source>
      <translation>Printed {n} times.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/receipt_screen.py" />
      <source>回执已打印，请在出纸口取走。</source>
      <translation>Receipt printed. Please take it from the slot.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/receipt_screen.py" />
      <source>办理事项：{service}</source>
      <translation>Service: {service}</translation>
    </message>
    <message>
      <location filename="../../ui/screens/resume_screen.py" />
      <source>已输入的草稿编号</source>
      <translation>Draft code typed</translation>
    </message>
    <message>
      <location filename="../../ui/screens/resume_screen.py" />
      <source>用身份证和密码</source>
      <translation>ID card and PIN</translation>
    </message>
    <message>
      <location filename="../../ui/screens/resume_screen.py" />
      <source>没填完的申请</source>
      <translation>Unfinished applications</translation>
    </message>
    <message>
      <location filename="../../ui/screens/resume_screen.py" />
      <source>已输入{n}位，共10位</source>
      <translation>{n} of 10 typed</translation>
    </message>
    <message>
      <location filename="../../ui/screens/resume_screen.py" />
      <source>{when}保存</source>
      <translation>Saved {when}</translation>
    </message>
    <message>
      <location filename="../../ui/screens/resume_screen.py" />
      <source>{when}保存，无密码</source>
      <translation>Saved {when}, no PIN</translation>
    </message>
    <message>
      <location filename="../../ui/screens/review_screen.py" />
      <source>请阅读并同意</source>
      <translation>Read and agree</translation>
    </message>
    <message>
      <location filename="../../ui/screens/review_screen.py" />
      <source>重新签名</source>
      <translation>Sign again</translation>
    </message>
    <message>
      <location filename="../../ui/screens/review_screen.py" />
      <source>我确认以上内容属实</source>
      <translation>I confirm the above is true</translation>
    </message>
    <message>
      <location filename="../../ui/screens/review_screen.py" />
      <source>不方便手写签名的，选这一项代替签名</source>
      <translation>If you cannot sign by hand, choose this instead of a signature</translation>
    </message>
    <message>
      <location filename="../../ui/screens/review_screen.py" />
      <source>提交申请</source>
      <translation>Send application</translation>
    </message>
    <message>
      <location filename="../../ui/screens/review_screen.py" />
      <source>不对的地方请点“修改”。</source>
      <translation>Tap Change to fix anything wrong.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/review_screen.py" />
      <source>点一下表示同意</source>
      <translation>Tap to agree</translation>
    </message>
    <message>
      <location filename="../../ui/screens/review_screen.py" />
      <source>请在下面的框里签名</source>
      <translation>Sign in the box below</translation>
    </message>
    <message>
      <location filename="../../ui/screens/review_screen.py" />
      <source>修改</source>
      <translation>Change</translation>
    </message>
    <message>
      <location filename="../../ui/screens/review_screen.py" />
      <source>同意：{statement}</source>
      <translation>Agree: {statement}</translation>
    </message>
    <message>
      <location filename="../../ui/screens/review_screen.py" />
      <source>{title}：{text}</source>
      <translation>{title}: {text}</translation>
    </message>
    <message>
      <location filename="../../ui/screens/review_screen.py" />
      <source>修改{title}</source>
      <translation>Change {title}</translation>
    </message>
    <message>
      <location filename="../../ui/screens/search_screen.py" />
      <source>输入名称，或点字母输入拼音首字母，例如“高龄津贴”是 GLJT。</source>
      <translation>Type a name, or tap letters for the pinyin initials: 高龄津贴 is GLJT.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/search_screen.py" />
      <source>搜索内容</source>
      <translation>Search for</translation>
    </message>
    <message>
      <location filename="../../ui/screens/search_screen.py" />
      <source>例如：高龄津贴、GLJT</source>
      <translation>For example: 高龄津贴, GLJT</translation>
    </message>
    <message>
      <location filename="../../ui/screens/services_screen.py" />
      <source>服务列表</source>
      <translation>Services</translation>
    </message>
    <message>
      <location filename="../../ui/screens/services_screen.py" />
      <source>请选择服务</source>
      <translation>Choose a service</translation>
    </message>
    <message>
      <location filename="../../ui/screens/services_screen.py" />
      <source>共{n}项，请点您要办的事。</source>
      <translation>{n} services. Tap the one you want.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/wizard_screen.py" />
      <source>这是根据您的证件自动填写的，请核对。对的话请点“继续”。</source>
      <translation>This was filled in from your ID card. Please check it. If it is right, tap Continue.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/wizard_screen.py" />
      <source>这是您上次申请时填写的，请核对。变了请改，对的话请点“继续”。</source>
      <translation>This is what you answered last time. Please check it. Change it if it has changed, or tap Continue.</translation>
    </message>
    <message>
      <location filename="../../ui/screens/wizard_screen.py" />
      <source>继续</source>
      <translation>Continue</translation>
    </message>
    <message>
      <location filename="../../ui/sync_status.py" />
      <source>%m月%d日 %H:%M</source>
      <translation>%d/%m %H:%M</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" />
      <source> 元</source>
      <translation> yuan</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" />
      <source>年</source>
      <translation>year</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" />
      <source>月</source>
      <translation>month</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" />
      <source>日</source>
      <translation>day</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" />
      <source>重新选择地区</source>
      <translation>Choose the area again</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" />
      <source>返回上一级</source>
      <translation>Back up a level</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" />
      <source>乡镇（街道）和村（社区）：</source>
      <translation>Town (street) and village (community):</translation>
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
      <translation>Wrong? Type it</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" />
      <source>乡镇（街道）和村（社区）</source>
      <translation>Town (street) and village (community)</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" />
      <source>不方便打字的，请按“帮助”请工作人员帮忙。</source>
      <translation>If you cannot type, press "Help" and staff will help you.</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" />
      <source>（请用下面的数字键输入）</source>
      <translation>(use the number keys below)</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" />
      <source>未填</source>
      <translation>empty</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" />
      <source>选择地区</source>
      <translation>Choose the area</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" />
      <source>请选择省（自治区、直辖市）</source>
      <translation>Choose the province</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" />
      <source>请选择下一级</source>
      <translation>now choose the next level</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" />
      <source>已输入的{field}</source>
      <translation>{field} entered</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" />
      <source>可以选多项。</source>
      <translation>You can choose more than one.</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" />
      <source>已选：{place}</source>
      <translation>Chosen: {place}</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" />
      <source>{unit}：{value}</source>
      <translation>{unit}: {value}</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/buttons.py" />
      <source>已选：</source>
      <translation>Chosen: </translation>
    </message>
    <message>
      <location filename="../../ui/widgets/keypad.py" />
      <source>删除一位</source>
      <translation>Delete one</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/keypad.py" />
      <source>全部清空</source>
      <translation>Clear all</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/keypad.py" />
      <source>小数点</source>
      <translation>Decimal point</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/keypad.py" />
      <source>字母X</source>
      <translation>Letter X</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/keypad.py" />
      <source>数字键盘</source>
      <translation>Number keys</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/keypad.py" />
      <source>身份证号码键盘</source>
      <translation>ID number keys</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/keypad.py" />
      <source>草稿编号键盘</source>
      <translation>Draft code keypad</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/keypad.py" />
      <source>拼音首字母键盘</source>
      <translation>Pinyin initial keys</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/signature.py" />
      <source>签名框</source>
      <translation>Signature box</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/signature.py" />
      <source>请用手指在框里写下您的名字</source>
      <translation>Write your name in the box with your finger</translation>
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
      <translation>Largest</translation>
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
      <source>打印草稿凭条</source>
      <translation>Print slip</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>草稿凭条已打印</source>
      <translation>Draft slip printed</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>请在出纸口取走凭条。下次带上它，就能接着填写。</source>
      <translation>Take the slip from the slot. Bring it next time to carry on.</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>好的，结束</source>
      <translation>OK, finish</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>结束后，屏幕上您的信息会清除。没填完的申请已保存为草稿，下次凭身份证和密码可以接着填。</source>
      <translation>Your details will be cleared from the screen. An unfinished application is saved as a draft: next time, use your ID card and PIN to carry on.</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>要结束这次办理吗？</source>
      <translation>End this visit?</translation>
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
      <source>凭条没有打印出来</source>
      <translation>The slip did not print</translation>
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
      <source>请记下草稿编号 {code}，或找工作人员</source>
      <translation>Please write down the draft code {code}, or ask staff</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>字体大小，现在是{scale}，点一下换大一号</source>
      <translation>Text size, now {scale}. Tap for a larger size</translation>
    </message>
    <message>
      <location filename="../../ui/window.py" />
      <source>请记下屏幕上的草稿编号</source>
      <translation>Please write down the draft code on the screen</translation>
    </message>
  </context>
</TS>
