using System.Globalization;

namespace Vifmap.Tests.Host.Support;

/// <summary>The nodes libxl 4.7+ writes for a domain and a NIC (reference §3.5, §4.1–4.3;
/// libxl_create.c libxl__domain_make, libxl_nic.c libxl__set_xenstore_nic, libxl_device.c),
/// reduced to what matters for the map. Mirrors tests/lab/scenarios/libxl-writes.sh.</summary>
internal static class LibxlWrites
{
    /// <summary>Dom0 as xenstored's own start-up and xencommons leave it.</summary>
    public static void Dom0(InMemoryXenStore xs)
    {
        xs.Write("/local/domain/0/name", "Domain-0");
        xs.Write("/local/domain/0/domid", "0");
    }

    public static void Domain(InMemoryXenStore xs, int domid, string name, string uuid)
    {
        string dom = Dom(domid);
        xs.Write($"/vm/{uuid}/uuid", uuid);
        xs.Write($"/vm/{uuid}/name", name);
        xs.Write($"{dom}/vm", $"/vm/{uuid}");
        xs.Write($"{dom}/name", name);
        xs.Write($"{dom}/domid", I(domid));
        xs.Write($"{dom}/control/shutdown", string.Empty);
        xs.Write($"{dom}/memory/target", "1048576");
        xs.Write($"{dom}/device", string.Empty);
        xs.Write($"/libxl/{I(domid)}/type", "pv");
    }

    /// <summary>A stub domain: named guest-dm, <c>target</c> and <c>image/device-model-domid</c> (libxl_dm.c).</summary>
    public static void StubDomain(InMemoryXenStore xs, int guest, int stub, string guestName, string uuid)
    {
        Domain(xs, stub, guestName + "-dm", uuid);
        xs.Write($"{Dom(stub)}/target", I(guest));
        xs.Write($"{Dom(guest)}/image/device-model-domid", I(stub));
    }

    /// <summary>Backend, frontend and the /libxl mirror of one NIC, with netback's state after probe (2)
    /// and hotplug done (§4.5 steps 1–3).</summary>
    public static void Nic(
        InMemoryXenStore xs, int backend, int domid, int devid, string mac, string bridge,
        string type = "vif", string? vifname = null, string frontendState = "1", string backendState = "2")
    {
        string be = $"{Dom(backend)}/backend/vif/{I(domid)}/{I(devid)}";
        string fe = $"{Dom(domid)}/device/vif/{I(devid)}";
        string lx = $"/libxl/{I(domid)}/device/vif/{I(devid)}";
        foreach (string dir in new[] { be, lx })
        {
            xs.Write($"{dir}/frontend", fe);
            xs.Write($"{dir}/frontend-id", I(domid));
            xs.Write($"{dir}/online", "1");
            xs.Write($"{dir}/state", "1");
            xs.Write($"{dir}/script", "/etc/xen/scripts/vif-bridge");
            if (vifname is not null)
            {
                xs.Write($"{dir}/vifname", vifname);
            }

            xs.Write($"{dir}/mac", mac);
            xs.Write($"{dir}/bridge", bridge);
            xs.Write($"{dir}/handle", I(devid));
            xs.Write($"{dir}/type", type);
        }

        xs.Write($"{lx}/backend", be);
        xs.Write($"{be}/hotplug-status", "connected");
        xs.Write($"{be}/state", backendState);
        xs.Write($"{fe}/backend", be);
        xs.Write($"{fe}/backend-id", I(backend));
        xs.Write($"{fe}/state", frontendState);
        xs.Write($"{fe}/handle", I(devid));
        xs.Write($"{fe}/mac", mac);
    }

    private static string Dom(int domid) => "/local/domain/" + I(domid);

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
}
