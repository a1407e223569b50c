# An xm (xend) config: Python, run by `xm create` (Xen 4.0-4.4), not an xl.cfg.
import os, re

arch = os.uname()[4]
if re.search('64', arch):
    arch_libdir = 'lib64'
else:
    arch_libdir = 'lib'

builder = 'hvm'
name = "legacy-" + "web"
bridge = 'xenbr0'
vif = [ 'type=ioemu, bridge=%s' % bridge,
        'bridge=%s, vifname=legacy-back' % bridge ]
device_model = '/usr/' + arch_libdir + '/xen/bin/qemu-dm'
memory = 512
