<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
  <context>
    <name>kiosk</name>
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
      <location filename="../../ui/widgets/answers.py" line="280" />
      <source>身份证上的地址，对的话选这一项</source>
      <translation>The address on your ID card: choose this if it is right</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" line="282" />
      <source>身份证上的乡镇和村</source>
      <translation>The township and village on your ID card</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" line="284" />
      <source>地址不对，自己填写</source>
      <translation>Not right: type it yourself</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" line="287" />
      <source>乡镇（街道）和村（社区）</source>
      <translation>Township (street) and village (community)</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/answers.py" line="288" />
      <source>不方便打字的，请按“帮助”请工作人员帮忙。</source>
      <translation>If you cannot type, press “Help” and staff will help you.</translation>
    </message>
  </context>
</TS>
