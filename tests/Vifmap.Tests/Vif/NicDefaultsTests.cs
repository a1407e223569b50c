using Vifmap.Config;
using Vifmap.Vif;

namespace Vifmap.Tests.Vif;

/// <summary>libxl__device_nic_setdefault (libxl_nic.c, 4.22) and reference §2.6, §3.4.</summary>
public sealed class NicDefaultsTests
{
    private static NicSpec Spec(string text, GuestType type = GuestType.Hvm) => VifSpecParser.Parse(text, 0, type).Nic;

    [Theory]
    [InlineData(GuestType.Hvm, null, false, NicType.VifIoemu)]
    [InlineData(GuestType.Hvm, null, true, NicType.Vif)] // hot-attach, 4.7+
    [InlineData(GuestType.Hvm, NicType.Vif, false, NicType.Vif)]
    [InlineData(GuestType.Hvm, NicType.VifIoemu, true, NicType.VifIoemu)]
    [InlineData(GuestType.Pv, null, false, NicType.Vif)]
    [InlineData(GuestType.Pvh, NicType.Vif, false, NicType.Vif)]
    [InlineData(GuestType.Pv, NicType.VifIoemu, false, null)]
    [InlineData(GuestType.Pvh, NicType.VifIoemu, false, null)]
    public void Effective_nic_type_follows_libxl(GuestType guest, NicType? requested, bool hotplug, NicType? expected)
    {
        Assert.Equal(expected, NicDefaults.EffectiveType(guest, requested, hotplug));
    }

    [Fact]
    public void Unset_fields_get_libxls_defaults()
    {
        ResolvedNic n = NicDefaults.Resolve(Spec(""), GuestType.Hvm);
        Assert.Equal("xenbr0", n.Bridge);
        Assert.Equal("/etc/xen/scripts/vif-bridge", n.Script);
        Assert.Equal("rtl8139", n.Model);
        Assert.Equal(1500, n.Mtu);
        Assert.True(n.Trusted);
        Assert.Equal("0", n.Backend);
        Assert.Null(n.Mac);
        Assert.True(n.HasEmulatedDevice);
        Assert.Null(n.Failure);
    }

    [Fact]
    public void Relative_script_is_made_absolute_and_absolute_is_kept()
    {
        Assert.Equal("/etc/xen/scripts/vif-openvswitch", NicDefaults.Resolve(Spec("script=vif-openvswitch"), GuestType.Pv).Script);
        Assert.Equal("/usr/local/bin/vif-x", NicDefaults.Resolve(Spec("script=/usr/local/bin/vif-x"), GuestType.Pv).Script);
    }

    [Fact]
    public void Xl_conf_defaults_apply_only_where_the_spec_is_silent()
    {
        var conf = new XlNicDefaults { Bridge = "br-lan", Script = "vif-route", GatewayDev = "eth0", Backend = "netdom" };
        ResolvedNic a = NicDefaults.Resolve(Spec(""), GuestType.Pv, conf);
        Assert.Equal(("br-lan", "/etc/xen/scripts/vif-route", "eth0", "netdom"), (a.Bridge, a.Script, a.GatewayDev, a.Backend));
        ResolvedNic b = NicDefaults.Resolve(Spec("bridge=br1"), GuestType.Pv, conf);
        Assert.Equal("br1", b.Bridge);
    }

    [Fact]
    public void Emulated_type_on_pv_is_refused()
    {
        ResolvedNic n = NicDefaults.Resolve(Spec("type=ioemu", GuestType.Pv), GuestType.Pv);
        Assert.Equal("trying to create PV or PVH guest with an emulated interface", n.Failure);
    }

    [Fact]
    public void Mtu_zero_is_the_default_and_others_are_kept()
    {
        Assert.Equal(1500, NicDefaults.Resolve(Spec("mtu=0"), GuestType.Pv).Mtu);
        Assert.Equal(9000, NicDefaults.Resolve(Spec("mtu=9000"), GuestType.Pv).Mtu);
    }
}
