using System.Text;
using CsCheck;
using Vifmap.Config;
using Vifmap.Diagnostics;
using Vifmap.Vif;

namespace Vifmap.Tests.Vif;

/// <summary>Bad input is data: any string, however hostile, gives a NIC and findings that point inside
/// the spec, never an exception.</summary>
public sealed class VifSpecParserPropertyTests
{
    private static readonly Gen<string> s_hostile = Gen.Frequency(
        (3, Gen.String),
        (3, Gen.Char["mac=bridge,:-0x19aAfF@ \t/sKMGBb=\u00e9\0"].Array[0, 60].Select(c => new string(c))),
        (2, Gen.OneOf("mac=", "rate=", "devid=", "mtu=", "type=", "vifname=", ",", " ", "0", "f", "@", "/s", "\0", "\u00e9")
            .Array[0, 20].Select(p => string.Concat(p))));

    [Fact]
    public void Never_throws_and_every_finding_is_inside_the_spec()
    {
        s_hostile.Sample(spec =>
        {
            foreach (GuestType type in new[] { GuestType.Hvm, GuestType.Pv })
            {
                VifSpecParse r = VifSpecParser.Parse(spec, 3, type, SpecSourceMap.Contiguous(new SourceLocation("p.cfg", 1, 1)));
                int bytes = Encoding.UTF8.GetByteCount(spec);
                foreach (Diagnostic d in r.Diagnostics)
                {
                    Assert.InRange(d.Location.Column, 1, bytes + 2);
                    Assert.Equal(DiagnosticCatalogue.DefaultSeverity(d.Code), d.Severity);
                }

                _ = NicListChecks.Check([r.Nic, r.Nic], type, stubDomain: true);
                _ = NicDefaults.Resolve(r.Nic, type);
            }
        }, iter: 20_000);
    }
}
