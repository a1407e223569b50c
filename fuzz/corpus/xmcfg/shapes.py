if 1:
	vif = ['a' +
 'b']
else: pass
x = '''t\n'''; y = r'\q' u'é'
for i in range(2): vif.append('')
