import os, re
arch = os.uname()[4]
if os.uname()[0] == 'Linux' and re.search('64', arch):
    lib = 'lib64'
elif arch == 'ia64': lib = 'lib'
else:
    lib = 'lib'
xm_vars.var('vmid', use='id')
xm_vars.check()
name = 'vm%d' % vmid
vif = [ 'mac=00:16:3e:00:00:%02x, bridge=xenbr0' % 7, '' ]
nics = 3
builder = ('h' 'vm', 1)[0]
