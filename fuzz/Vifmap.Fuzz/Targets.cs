using System.Buffers;
using System.Text;
using System.Text.Json;
using Vifmap.Config;
using Vifmap.Config.Xm;
using Vifmap.Diagnostics;
using Vifmap.Host;
using Vifmap.Naming;
using Vifmap.Vif;
using Vifmap.XenStore;
using Vifmap.XenStore.Wire;

namespace Vifmap.Fuzz;

/// <summary>One target per parser of outside input. Each feeds the bytes to the component and checks
/// what the component promises: it never throws on bad input (bad input is diagnostics), and every
/// diagnostic points inside the input.</summary>
internal static class Targets
{
    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["xlcfg"] = XlConfig,
        ["xmcfg"] = XmConfig,
        ["vifspec"] = VifSpec,
        ["dump"] = XenStoreDump,
        ["snapshot"] = Snapshot,
        ["iplink"] = IpLink,
        ["sysfs"] = Sysfs,
        ["xsframe"] = XsFrame,
    };

    /// <summary>The xl.cfg lexer and parser, then the domain reader that parses every vif spec in it (the lint path).</summary>
    private static void XlConfig(byte[] input)
    {
        XlConfigDocument document = XlConfigParser.Parse("fuzz.cfg", input);
        CheckPositions(document.Diagnostics, input, "fuzz.cfg");
        DomainConfig config = DomainConfigReader.Read("fuzz.cfg", input);
        _ = config;
    }

    /// <summary>An xm config (Python) read as xend reads it: the Python-subset lexer, parser and evaluator, then the domain
    /// reader over what it kept (the lint/plan path with --toolstack xend). Lines end as Python's do: \n, \r\n or \r.</summary>
    private static void XmConfig(byte[] input)
    {
        XlConfigDocument document = XmConfigParser.Parse("fuzz.py", input);
        int[] lineLengths = PythonLineLengths(input);
        foreach (Diagnostic d in document.Diagnostics)
        {
            SourceLocation at = d.Location;
            ContractViolationException.Check(at.Source == "fuzz.py", $"{d.Code} names source '{at.Source}'");
            ContractViolationException.Check(at.Line >= 1 && at.Line <= lineLengths.Length, $"{d.Code} at line {at.Line} of {lineLengths.Length}");
            ContractViolationException.Check(at.Column >= 1 && at.Column <= lineLengths[at.Line - 1] + 2, $"{d.Code} at {at} past a line of {lineLengths[at.Line - 1]} bytes");
        }

        DomainConfig config = DomainConfigReader.Read("fuzz.py", input, new ToolstackRelease(Toolstack.Xend, new XenVersion(4, 1)));
        _ = config;
    }

    private static int[] PythonLineLengths(byte[] input)
    {
        var lengths = new List<int>();
        int start = 0;
        for (int i = 0; i <= input.Length; i++)
        {
            if (i == input.Length || input[i] is (byte)'\n' or (byte)'\r')
            {
                lengths.Add(i - start);
                if (i < input.Length && input[i] == (byte)'\r' && i + 1 < input.Length && input[i + 1] == (byte)'\n')
                {
                    i++;
                }

                start = i + 1;
            }
        }

        return [.. lengths];
    }

    /// <summary>One vif spec; the first byte picks the guest type so all three are covered.</summary>
    private static void VifSpec(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        var type = (GuestType)(input[0] % 3);
        byte[] spec = input[1..];
        string text = Encoding.UTF8.GetString(spec);
        VifSpecParse parse = VifSpecParser.Parse(text, 0, type, SpecSourceMap.Contiguous(new SourceLocation("spec", 1, 1)));
        int length = Encoding.UTF8.GetByteCount(text);
        foreach (Diagnostic d in parse.Diagnostics)
        {
            ContractViolationException.Check(d.Location.Line == 1 && d.Location.Column >= 1 && d.Location.Column <= length + 1,
                $"{d.Code} at {d.Location} outside a spec of {length} bytes");
        }
    }

    /// <summary><c>xenstore-ls -f</c> text: positions inside it, and the tree answers for every node it lists.</summary>
    private static void XenStoreDump(byte[] input)
    {
        Vifmap.XenStore.XenStoreDump reader = Vifmap.XenStore.XenStoreDump.Parse(input, "dump.txt");
        CheckPositions(reader.Diagnostics, input, "dump.txt");
        int count = 0;
        foreach (XenStoreTreeNode node in reader.Tree.EnumerateDepthFirst())
        {
            count++;
            ContractViolationException.Check(XenStoreTreeBuilder.IsValidPath(node.Path), $"node path '{node.Path}' is not a valid path");
            // The tree hands out a view per lookup (nodes are records in a compact store): the same node
            // is the same path, state, value and children, not the same object.
            ContractViolationException.Check(reader.Tree.TryGetNode(node.Path, out XenStoreTreeNode? again)
                && again.Path == node.Path && again.State == node.State
                && (again.Value ?? []).AsSpan().SequenceEqual(node.Value ?? [])
                && again.Children.SequenceEqual(node.Children, StringComparer.Ordinal), $"{node.Path} not found by its own path");
        }

        ContractViolationException.Check(count == reader.Tree.Count, $"enumerated {count} nodes of {reader.Tree.Count}");
    }

    /// <summary>A snapshot file; one that reads writes back and reads again.</summary>
    private static void Snapshot(byte[] input)
    {
        (HostSnapshot? snapshot, IReadOnlyList<Diagnostic> diagnostics) = HostSnapshot.Parse(input, "s.json");
        ContractViolationException.Check(snapshot is not null || diagnostics.Any(d => d.Severity == Severity.Error), "no snapshot and no error");
        if (snapshot is null)
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            snapshot.WriteTo(writer);
        }

        (HostSnapshot? again, _) = HostSnapshot.Parse(buffer.WrittenMemory, "again.json");
        ContractViolationException.Check(again is not null && again.Links.Count == snapshot.Links.Count, "a written snapshot does not read back");
    }

    private static void IpLink(byte[] input)
    {
        IpLinkParseResult result = IpLinkJson.Parse(input, "links.json");
        foreach (Diagnostic d in result.Diagnostics)
        {
            ContractViolationException.Check(d.Location.Line <= input.Count(b => b == (byte)'\n') + 1, $"{d.Code} at {d.Location} past the input");
        }

        foreach (NetLink link in result.Links)
        {
            ContractViolationException.Check(link.Name.Length > 0, "a link without a name");
        }
    }

    private static readonly string s_sysfsRoot = CreateSysfsRoot();

    private static string CreateSysfsRoot()
    {
        string root = Directory.CreateTempSubdirectory("vifmap-fuzz-sysfs-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(root, recursive: true);
        return root;
    }

    /// <summary>Sysfs attribute text: the input, split at NUL bytes, fills one interface's attributes.</summary>
    private static void Sysfs(byte[] input)
    {
        string[] names = ["operstate", "carrier", "mtu", "address", "statistics/rx_bytes", "statistics/tx_packets", "device/nodename"];
        string dir = Path.Combine(s_sysfsRoot, "vif1.0");
        Directory.CreateDirectory(Path.Combine(dir, "statistics"));
        Directory.CreateDirectory(Path.Combine(dir, "device"));
        int start = 0;
        for (int i = 0; i < names.Length; i++)
        {
            int nul = start <= input.Length ? Array.IndexOf(input, (byte)0, start) : -1;
            int end = nul < 0 ? input.Length : nul;
            File.WriteAllBytes(Path.Combine(dir, names[i]), start < end ? input[start..end] : []);
            start = end + 1;
        }

        IReadOnlyList<NetLink> links = new SysfsLinkSource(s_sysfsRoot).ReadLinksAsync().AsTask().GetAwaiter().GetResult();
        NetLink link = links.Count == 1 ? links[0] : throw new ContractViolationException($"{links.Count} links from one directory");
        ContractViolationException.Check(link.Address is null || link.Address.Length <= 256, "an attribute read past its bound");
        ContractViolationException.Check(link.Mtu is null or >= 0 && link.RxBytes is null or >= 0, "a negative counter");
    }

    /// <summary>The xenstore wire frame scanner over a byte stream, frame after frame.</summary>
    private static void XsFrame(byte[] input)
    {
        ReadOnlySpan<byte> rest = input;
        while (true)
        {
            OperationStatus status = XsFrameScanner.TryScan(rest, out XsHeader header, out int frameLength);
            switch (status)
            {
                case OperationStatus.Done:
                    ContractViolationException.Check(frameLength == XsHeader.Size + header.Length && frameLength <= rest.Length && header.Length <= XsHeader.PayloadMax, "a frame past the buffer");
                    rest = rest[frameLength..];
                    continue;
                case OperationStatus.NeedMoreData:
                    ContractViolationException.Check(rest.Length < XsHeader.Size || rest.Length < XsHeader.Size + header.Length, "more data asked for a whole frame");
                    return;
                case OperationStatus.InvalidData:
                    ContractViolationException.Check(header.Length > XsHeader.PayloadMax, "a valid header refused");
                    return;
                default:
                    throw new ContractViolationException($"status {status}");
            }
        }
    }

    /// <summary>Every diagnostic names this source and a line and column inside the text (column may
    /// point one past the line's end: "expected ';' at end of line").</summary>
    private static void CheckPositions(IReadOnlyList<Diagnostic> diagnostics, byte[] input, string source)
    {
        var lineLengths = new List<int>();
        foreach (Range line in input.AsSpan().Split((byte)'\n'))
        {
            lineLengths.Add(line.GetOffsetAndLength(input.Length).Length); // bytes: never fewer than characters
        }

        foreach (Diagnostic d in diagnostics)
        {
            SourceLocation at = d.Location;
            ContractViolationException.Check(at.Source == source, $"{d.Code} names source '{at.Source}'");
            if (at.IsNone)
            {
                continue;
            }

            ContractViolationException.Check(at.Line >= 1 && at.Line <= lineLengths.Count, $"{d.Code} at line {at.Line} of {lineLengths.Count}");
            ContractViolationException.Check(at.Column >= 1 && at.Column <= lineLengths[at.Line - 1] + 2, $"{d.Code} at {at} past a line of {lineLengths[at.Line - 1]} bytes");
        }
    }
}
