using System.Globalization;
using System.Text;

namespace Vifmap.Benchmarks.Config;

/// <summary>Writes realistic xl.cfg files (PV, PVH and HVM guests as admins write them: comments,
/// kernels or bootloaders, disk and vif lists, the odd multi-line list) from a fixed seed, so the
/// corpus is the same on every machine and for both parsers under test.</summary>
internal static class XlConfigCorpus
{
    public const int DefaultSeed = 4_17_7;

    private static readonly string[] s_bridges = ["xenbr0", "xenbr1", "br-lan", "br-dmz", "ovsbr0"];
    private static readonly string[] s_distros = ["debian-12", "ubuntu-22.04", "alpine", "rocky-9", "windows-2019", "freebsd-14"];
    private static readonly string[] s_comments =
    [
        "# Guest definition managed by hand; see xl.cfg(5)",
        "# Network: one NIC per VLAN bridge",
        "#",
        "# Disks live on LVM, one LV per guest",
        "# TODO: move to PVH once the kernel supports it",
        "# =====================================================================",
    ];

    public static IEnumerable<(string Name, string Text)> Generate(int count, int seed = DefaultSeed)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            string name = $"guest{i:D5}";
            yield return ($"{name}.cfg", One(random, name));
        }
    }

    public static int Write(string folder, int count, int seed = DefaultSeed)
    {
        Directory.CreateDirectory(folder);
        int n = 0;
        foreach ((string name, string text) in Generate(count, seed))
        {
            File.WriteAllText(Path.Combine(folder, name), text, new UTF8Encoding(false));
            n++;
        }

        return n;
    }

    private static string One(Random r, string name)
    {
        var sb = new StringBuilder(1024);
        string kind = (r.Next(10)) switch
        {
            < 4 => "pv",
            < 6 => "pvh",
            _ => "hvm",
        };
        string distro = s_distros[r.Next(s_distros.Length)];
        sb.Append(s_comments[r.Next(s_comments.Length)]).Append('\n');
        sb.Append("# ").Append(distro).Append(' ').Append(kind).Append(" guest\n\n");
        sb.Append("name = \"").Append(name).Append("\"\n");
        if (r.Next(5) == 0 && kind == "hvm")
        {
            sb.Append("builder = 'hvm'\n");
        }
        else
        {
            sb.Append("type = \"").Append(kind).Append("\"\n");
        }

        int memory = 256 << r.Next(6);
        sb.Append("memory = ").Append(memory.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (r.Next(3) == 0)
        {
            sb.Append("maxmem = ").Append((memory * 2).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        sb.Append("vcpus = ").Append((1 << r.Next(4)).ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (r.Next(4) == 0)
        {
            sb.Append("cpus = \"").Append(r.Next(4).ToString(CultureInfo.InvariantCulture)).Append('-').Append((4 + r.Next(4)).ToString(CultureInfo.InvariantCulture)).Append("\"\n");
        }

        sb.Append('\n');
        if (kind == "hvm")
        {
            sb.Append("firmware = \"").Append(r.Next(2) == 0 ? "bios" : "uefi").Append("\"\n");
            sb.Append("device_model_version = \"qemu-xen\"\n");
            sb.Append("boot = \"").Append(r.Next(2) == 0 ? "c" : "dc").Append("\"\n");
            sb.Append("vnc = 1\nvnclisten = \"127.0.0.1\"\nvncdisplay = ").Append(r.Next(100).ToString(CultureInfo.InvariantCulture)).Append('\n');
            sb.Append("serial = 'pty'\n");
            if (r.Next(3) == 0)
            {
                sb.Append("usbdevice = [ 'tablet' ]\n");
            }
        }
        else if (r.Next(2) == 0)
        {
            sb.Append("kernel = \"/var/lib/xen/kernels/").Append(distro).Append("/vmlinuz\"\n");
            sb.Append("ramdisk = \"/var/lib/xen/kernels/").Append(distro).Append("/initrd.img\"\n");
            sb.Append("extra = \"root=/dev/xvda1 ro console=hvc0 quiet\"\n");
        }
        else
        {
            sb.Append("bootloader = \"pygrub\"\n");
        }

        sb.Append('\n');
        int disks = 1 + r.Next(3);
        bool multiLine = r.Next(2) == 0;
        sb.Append("disk = [");
        for (int d = 0; d < disks; d++)
        {
            sb.Append(multiLine ? "\n    " : d == 0 ? " " : ", ");
            sb.Append('\'').Append("format=raw, vdev=xvd").Append((char)('a' + d)).Append(", access=rw, target=/dev/vg0/").Append(name).Append("-disk").Append(d.ToString(CultureInfo.InvariantCulture)).Append('\'');
            if (multiLine)
            {
                sb.Append(',');
            }
        }

        if (kind == "hvm" && r.Next(2) == 0)
        {
            sb.Append(multiLine ? "\n    " : ", ").Append("'/srv/iso/").Append(distro).Append(".iso,,hdc,cdrom'");
        }

        sb.Append(multiLine ? "\n]\n" : " ]\n");

        int nics = 1 + r.Next(4);
        sb.Append("vif = [");
        for (int v = 0; v < nics; v++)
        {
            sb.Append(multiLine ? "\n    " : v == 0 ? " " : ", ");
            sb.Append('\'');
            sb.Append("mac=00:16:3e:").Append(r.Next(128).ToString("x2", CultureInfo.InvariantCulture)).Append(':')
                .Append(r.Next(256).ToString("x2", CultureInfo.InvariantCulture)).Append(':')
                .Append(r.Next(256).ToString("x2", CultureInfo.InvariantCulture));
            sb.Append(",bridge=").Append(s_bridges[r.Next(s_bridges.Length)]);
            if (r.Next(3) == 0)
            {
                sb.Append(",vifname=").Append(name).Append('-').Append(v.ToString(CultureInfo.InvariantCulture));
            }

            if (kind == "hvm" && r.Next(2) == 0)
            {
                sb.Append(",model=").Append(r.Next(2) == 0 ? "e1000" : "rtl8139").Append(",type=ioemu");
            }

            if (r.Next(4) == 0)
            {
                sb.Append(",rate=").Append((10 << r.Next(5)).ToString(CultureInfo.InvariantCulture)).Append("Mb/s");
            }

            sb.Append('\'');
            if (multiLine)
            {
                sb.Append(',');
            }
        }

        sb.Append(multiLine ? "\n]\n" : " ]\n");
        if (r.Next(5) == 0)
        {
            sb.Append("vif += [ 'bridge=").Append(s_bridges[r.Next(s_bridges.Length)]).Append(",script=vif-bridge' ]\n");
        }

        if (r.Next(6) == 0)
        {
            sb.Append("pci = [ '0").Append(r.Next(10).ToString(CultureInfo.InvariantCulture)).Append(":00.0,permissive=1' ]\n");
        }

        sb.Append('\n');
        sb.Append("on_poweroff = \"destroy\"\non_reboot = \"restart\"\non_crash = \"").Append(r.Next(2) == 0 ? "restart" : "coredump-destroy").Append("\"\n");
        if (r.Next(3) == 0)
        {
            sb.Append("# Pin the guest's uuid so monitoring keeps its history\n");
            sb.Append("uuid = \"").Append(new Guid(Bytes(r)).ToString()).Append("\"\n");
        }

        return sb.ToString();
    }

    private static byte[] Bytes(Random r)
    {
        byte[] b = new byte[16];
        r.NextBytes(b);
        return b;
    }
}
