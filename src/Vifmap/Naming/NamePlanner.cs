using System.Globalization;
using Vifmap.Config;
using Vifmap.Diagnostics;
using Vifmap.Vif;

namespace Vifmap.Naming;

/// <summary>Predicts the dom0 interfaces of a domain config for a toolstack era (reference §2.6, §3),
/// with a diagnostic for each name that cannot exist as intended (§3.6, §7).</summary>
public static class NamePlanner
{
    /// <summary>The placeholder for an unknown guest domid in template names.</summary>
    public const string GuestDomidPlaceholder = "<D>";

    /// <summary>The placeholder for an unknown stub-domain domid in template names.</summary>
    public const string StubdomDomidPlaceholder = "<S>";

    /// <param name="config">The config, read for the same toolstack and release as <paramref name="request"/>
    /// (<see cref="DomainConfigReader.Read(string, byte[], ToolstackRelease?)"/>): its findings are part of the plan.</param>
    /// <param name="request">Where and by what the guest is created.</param>
    /// <exception cref="ArgumentException">The toolstack did not exist at that version (xend after 4.4,
    /// anything outside 4.0–4.22): check with <see cref="NamingEras.For"/> first; or the config's findings
    /// were judged for another release.</exception>
    public static NamePlan Plan(DomainConfig config, PlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(request);
        NamingEra era = NamingEras.For(request.Toolstack, request.Xen)
            ?? throw new ArgumentException(
                $"{request.Toolstack} does not exist in Xen {request.Xen}", nameof(request));
        var release = new ToolstackRelease(request.Toolstack, request.Xen);
        if (config.Diagnostics.Count > 0 && config.Release != release)
        {
            throw new ArgumentException(
                $"the config was read for {config.Release}, the plan is for {release}: read it for the same release", nameof(config));
        }

        var planner = new Planning(config, request, era);
        return planner.Run();
    }

    /// <summary>The plan codes that judge the config for its release rather than predict names: lint reports
    /// them too (with <c>--xen</c>/<c>--toolstack</c>, for that release), so lint and plan agree on what a
    /// release does with a config. Name predictions (cut names, domid fits, collisions, look-alikes) stay plan's.</summary>
    private static readonly HashSet<string> s_releaseJudgements = new(StringComparer.Ordinal)
    {
        DiagnosticCodes.EmulatedNicOnPvForRelease, DiagnosticCodes.XendIoemuIsEmulatedOnly,
        DiagnosticCodes.OldXlVifNameTapOnly, DiagnosticCodes.DevidKeyIgnored, DiagnosticCodes.PvhNotAvailable,
        DiagnosticCodes.NoDeviceModel, DiagnosticCodes.StubDomainIgnored, DiagnosticCodes.XendDuplicateMac,
        DiagnosticCodes.NoDeviceModelRefused, DiagnosticCodes.OldXlStopsAtBareToken, DiagnosticCodes.XmRefusesVifSpec,
    };

    /// <summary>Lint's findings for a config read by <see cref="DomainConfigReader"/>: the config's own, and the
    /// plan's judgements of the config for <see cref="DomainConfig.Release"/> (not its name predictions).</summary>
    /// <param name="config">The config, read for the release to judge.</param>
    /// <param name="sourceName">The file, for findings about the whole domain.</param>
    public static IReadOnlyList<Diagnostic> Lint(DomainConfig config, string? sourceName)
    {
        ArgumentNullException.ThrowIfNull(config);
        NamePlan plan = Plan(config, new PlanRequest
        {
            Xen = config.Release.Xen, Toolstack = config.Release.Toolstack, SourceName = sourceName,
        });
        if (plan.Diagnostics.Count == 0)
        {
            // Most configs: nothing to sort out, nothing to allocate.
            return [];
        }

        var own = new HashSet<Diagnostic>(config.Diagnostics);
        return [.. plan.Diagnostics.Where(d => own.Contains(d) || IsReleaseJudgement(d.Code, config.Release))];
    }

    /// <summary>VM309 judges the config where the release reads an unknown vif <c>type=</c> as "no emulated NIC"
    /// (xl 4.2–4.5, xend; from 4.6 lint's VM205 says xl ignores it); xl's own <c>type=vif</c> on HVM, the same in
    /// every release, is a plan note.</summary>
    private static bool IsReleaseJudgement(string code, ToolstackRelease release)
        => s_releaseJudgements.Contains(code)
            || (code == DiagnosticCodes.HvmWithoutEmulatedNic && !(release.IsXl && release.Xen >= XenReleases.InvalidVifTypeIgnoredFrom));

    /// <summary>Plans a bare list of NICs for a guest type, without a config file.</summary>
    public static NamePlan Plan(IReadOnlyList<NicSpec> nics, GuestType type, PlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Plan(new DomainConfig { Type = type, Nics = nics, Release = new(request.Toolstack, request.Xen) }, request);
    }

    private sealed class Planning(DomainConfig config, PlanRequest request, NamingEra era)
    {
        private readonly OwnDiagnostics _bag = new();

        /// <summary>Where domain-wide findings point: the config file, no line.</summary>
        private readonly SourceLocation _domainLocation = new(request.SourceName ?? string.Empty, 0, 0);
        private readonly XenVersion _xen = request.Xen;
        private uint _maxDomid = InterfaceNameLimits.LastGuestDomid;
        private uint _maxStubdomDomid = InterfaceNameLimits.LastGuestDomid;

        /// <summary>The first NIC whose spec or one of its values is at a location (<see cref="NicAt"/>), built once: a
        /// search of the NICs for every finding made a config of 20,000 NICs take 14 s.</summary>
        private Dictionary<SourceLocation, NicSpec>? _nicAt;

        /// <summary>See <see cref="VifNameOfDevid"/>.</summary>
        private Dictionary<long, int>? _firstNicOfDevid;

        public NamePlan Run()
        {
            var release = new ToolstackRelease(era.Toolstack, _xen);
            var readings = new List<Diagnostic>();
            config = config with
            {
                Nics = [.. config.Nics.Select(n => ReleaseVifReading.Read(n, config.Type, release, readings))],
            };
            _nicAt = null;
            foreach (Diagnostic reading in readings)
            {
                _bag.Add(reading, NicAt(reading.Location));
            }

            GuestType type = NicTypeRules.EffectiveGuestType(config.Type, era, _xen);
            if (type != config.Type)
            {
                _bag.Warning(
                    DiagnosticCodes.PvhNotAvailable,
                    era.Toolstack == Toolstack.Xend
                        ? "xend has no PVH guests: type=\"pvh\" is not read and the guest is built as PV"
                        : $"type=\"pvh\" exists from Xen 4.10; xl {_xen} does not read it and builds a PV guest (builder=)",
                    _domainLocation);
            }

            if (era.Toolstack == Toolstack.Xl && config.DeviceModelVersion is { } deviceModel
                && !NicTypeRules.AcceptsDeviceModelVersion(_xen, deviceModel))
            {
                _bag.Error(
                    DiagnosticCodes.NoDeviceModelRefused,
                    deviceModel == "none"
                        ? $"device_model_version=\"none\" is known to xl 4.7–4.9 only: xl {_xen} exits with \"Unknown device_model_version\" and creates nothing"
                        : $"device_model_version=\"{deviceModel}\" is not known to xl {_xen} (it reads {NicTypeRules.DeviceModelVersionsKnown(_xen)}): xl exits with \"Unknown device_model_version\" and creates nothing",
                    _domainLocation);
            }

            bool stub = DecideStubDomain(type);
            IReadOnlyList<int> devids = AssignDevids();
            var nics = new List<PlannedNic>(config.Nics.Count);
            int emulatedIndex = 0;
            for (int i = 0; i < config.Nics.Count; i++)
            {
                nics.Add(PlanNic(config.Nics[i], devids, i, type, stub, ref emulatedIndex));
            }

            CheckCollisions(nics);
            CheckXendDuplicateMacs();
            return new NamePlan
            {
                DomainName = config.Name,
                GuestType = type,
                Domid = request.Domid,
                StubdomDomid = stub ? request.StubdomDomid : null,
                HasStubDomain = stub,
                Xen = _xen,
                Era = era,
                Nics = nics,
                Diagnostics = Findings(),
                MaxDomidThatFits = _maxDomid,
                MaxStubdomDomidThatFits = stub ? _maxStubdomDomid : null,
            };
        }

        private bool DecideStubDomain(GuestType type)
        {
            bool stub = config.StubDomain && type == GuestType.Hvm && era.HasStubDomains;
            if (config.StubDomain && !stub)
            {
                _bag.Warning(
                    DiagnosticCodes.StubDomainIgnored,
                    type != GuestType.Hvm
                        ? "device_model_stubdomain_override applies to HVM guests only; this guest has no device model stub domain"
                        : "xend's stub domains (stubdom-dm) are set up from their own config; vifmap does not model their NICs",
                    _domainLocation);
            }

            if (request.StubdomDomid is uint s && !stub)
            {
                _bag.Warning(
                    DiagnosticCodes.StubdomDomidUnused,
                    string.Create(CultureInfo.InvariantCulture, $"--stubdom-domid {s} is not used: the guest has no stub domain"),
                    _domainLocation);
            }

            return stub;
        }

        /// <summary>The config's findings and the planner's, in file order (the config's first at one place). A
        /// planner finding that restates one of the config's about the same NIC (<see cref="DiagnosticDescriptor.Restates"/>)
        /// is left out: the config's finding, judged for the same release, already says it.</summary>
        private IReadOnlyList<Diagnostic> Findings()
        {
            if (_bag.Items.Count == 0 && config.Diagnostics.Count <= 1)
            {
                // Most configs: nothing to merge or order, nothing to allocate.
                return config.Diagnostics;
            }

            // The codes the config's findings give each NIC, so that each planner finding is checked in constant time.
            var codesByNic = new Dictionary<NicSpec, HashSet<string>>(ReferenceEqualityComparer.Instance);
            foreach (Diagnostic d in config.Diagnostics)
            {
                if (NicAt(d.Location) is { } nic)
                {
                    (codesByNic.TryGetValue(nic, out HashSet<string>? codes) ? codes : codesByNic[nic] = new(StringComparer.Ordinal)).Add(d.Code);
                }
            }

            IEnumerable<Diagnostic> own = _bag.Items
                .Where(o => !(o.Nic is not null && codesByNic.TryGetValue(o.Nic, out HashSet<string>? said)
                    && DiagnosticCatalogue.Describe(o.Diagnostic.Code).Restates.Any(said.Contains)))
                .Select(o => o.Diagnostic);
            return [.. config.Diagnostics.Concat(own).OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column)];
        }

        /// <summary>The first NIC whose spec or one of its values is at <paramref name="location"/>.</summary>
        private NicSpec? NicAt(SourceLocation location)
        {
            if (location.IsNone)
            {
                return null;
            }

            if (_nicAt is null)
            {
                _nicAt = [];
                foreach (NicSpec n in config.Nics)
                {
                    _nicAt.TryAdd(n.Location, n);
                    foreach (SourceLocation at in n.ValueLocations.Values)
                    {
                        _nicAt.TryAdd(at, n);
                    }
                }
            }

            return _nicAt.GetValueOrDefault(location);
        }

        /// <summary>§2.6: the list position, overridable with <c>devid=</c> from 4.9 (xl only); xl 4.0 counts from 1.</summary>
        private int[] AssignDevids()
        {
            bool honoursDevidKey = era.Toolstack == Toolstack.Xl && _xen >= XenReleases.DevidKeyFrom;
            int[] devids = new int[config.Nics.Count];
            for (int i = 0; i < devids.Length; i++)
            {
                NicSpec nic = config.Nics[i];
                devids[i] = honoursDevidKey ? nic.Devid : era.FirstDevid + nic.Index;
                if (!honoursDevidKey && nic.Devid != nic.Index)
                {
                    _bag.Warning(
                        DiagnosticCodes.DevidKeyIgnored,
                        string.Create(CultureInfo.InvariantCulture,
                            $"devid= exists from Xen 4.9 (xl); {era.Label} ignores devid={nic.Devid} and uses devid {devids[i]} (the NIC's place in the list)"),
                        nic.LocationOf("devid"), nic);
                }
            }

            return devids;
        }

        private PlannedNic PlanNic(NicSpec nic, IReadOnlyList<int> devids, int i, GuestType type, bool stub, ref int emulatedIndex)
        {
            int devid = devids[i];
            string? rawType = NicTypeRules.RawType(nic);
            NicTypeOutcome outcome = NicTypeRules.Resolve(era, _xen, type, rawType, config.DeviceModelVersion);
            ReportNicType(nic, devid, type, rawType, outcome);

            bool inDriverDomain = nic.Backend is not (null or "0" or "Domain-0");
            var interfaces = new List<PlannedInterface>(2);
            interfaces.Add(NetbackInterface(nic, devid, InterfaceRole.Pv, request.Domid, GuestDomidPlaceholder, era.PvVifName, ref _maxDomid));

            if (outcome.HasEmulatedNic && !stub)
            {
                long number = era.TapNumber(devid, emulatedIndex);
                interfaces.Add(TapInterface(nic, devid, number, devids));
                if (era.TapNumbering == TapNumbering.EmulatedIndex && number != devid)
                {
                    _bag.Warning(
                        DiagnosticCodes.XendTapIndexIsNotDevid,
                        XendTapWarning(devid, number, interfaces[^1].CreatedAs),
                        nic.Location, nic);
                }
            }

            if (outcome.HasEmulatedNic)
            {
                emulatedIndex++;
            }

            if (stub)
            {
                // §3.5: the stub domain gets a copy of every guest NIC, type=vif ones included.
                interfaces.Add(NetbackInterface(
                    nic, devid, InterfaceRole.Stubdom, request.StubdomDomid, StubdomDomidPlaceholder, era.StubVifName, ref _maxStubdomDomid));
            }

            if (inDriverDomain)
            {
                _bag.Warning(
                    DiagnosticCodes.DriverDomainBackend,
                    $"backend={nic.Backend}: the netback interface lives in that driver domain, not in dom0"
                        + (outcome.HasEmulatedNic && !stub
                            ? "; the tap stays in dom0, and its hotplug reads /local/domain/0/backend/vif/…, where this NIC has no entry"
                            : string.Empty),
                    nic.LocationOf("backend"), nic);
            }

            CheckVifName(nic, devid);
            return new PlannedNic
            {
                Index = nic.Index,
                Devid = devid,
                Mac = nic.Mac,
                Bridge = nic.Bridge ?? (era.Toolstack == Toolstack.Xl ? "xenbr0" : null),
                NicType = outcome.NicType,
                Model = nic.Model ?? (outcome.HasEmulatedNic ? DefaultModel() : null),
                VifName = nic.VifName,
                Backend = inDriverDomain ? nic.Backend : null,
                Location = nic.Location,
                Interfaces = interfaces,
            };
        }

        /// <summary>§2.6: libxl's and xend's default model is rtl8139; xl 4.0 used e1000.</summary>
        private string DefaultModel() => era == NamingEras.Xl40 ? "e1000" : NicDefaults.DefaultModel;

        private void ReportNicType(NicSpec nic, int devid, GuestType type, string? rawType, NicTypeOutcome outcome)
        {
            string nicText = string.Create(CultureInfo.InvariantCulture, $"NIC {devid}");
            switch (outcome.Note)
            {
                case NicTypeNote.EmulatedOnPvFails:
                    _bag.Error(
                        DiagnosticCodes.EmulatedNicOnPvForRelease,
                        $"type=ioemu on a {(type == GuestType.Pvh ? "PVH" : "PV")} guest: libxl refuses (\"trying to create "
                            + (_xen >= XenReleases.GuestTypeKeyFrom ? "PV or PVH" : "PV")
                            + " guest with an emulated interface\") and the domain is not created",
                        nic.LocationOf("type"), nic);
                    break;
                case NicTypeNote.HvmWithoutEmulatedNic:
                    _bag.Warning(
                        DiagnosticCodes.HvmWithoutEmulatedNic,
                        $"{nicText}: type={rawType} on an HVM guest means no emulated NIC and no tap: a guest without PV drivers has no network on it",
                        nic.LocationOf("type"), nic);
                    break;
                case NicTypeNote.NonIoemuTypeMeansVif:
                    _bag.Warning(
                        DiagnosticCodes.HvmWithoutEmulatedNic,
                        $"{nicText}: xl {_xen} reads type={rawType} as type=vif (4.2–4.5: anything but ioemu): no emulated NIC and no tap; 4.6+ ignores the value instead",
                        nic.LocationOf("type"), nic);
                    break;
                case NicTypeNote.XendIoemuIsEmulatedOnly:
                    _bag.Warning(
                        DiagnosticCodes.XendIoemuIsEmulatedOnly,
                        $"{nicText}: xend's type=ioemu means emulated only: the PV frontend is not written, so PV drivers cannot use this NIC (xl's type=ioemu means both)",
                        nic.LocationOf("type"), nic);
                    break;
                case NicTypeNote.NoDeviceModel:
                    _bag.Warning(
                        DiagnosticCodes.NoDeviceModel,
                        $"{nicText}: device_model_version=\"none\": no QEMU, so no emulated NIC and no tap, only the PV interface",
                        nic.Location, nic);
                    break;
                default:
                    break;
            }
        }

        private static string XendTapWarning(int devid, long number, string tapName)
        {
            string text = string.Create(CultureInfo.InvariantCulture,
                $"xend numbers taps among emulated NICs only: devid {devid} is emulated NIC number {number + 1}, so its tap is {tapName}, numbered {number} and not {devid}");
            return NameTemplate.EmuTap.TryMatch(tapName, out _, out _) || tapName.Contains(NameTemplate.EmuTap.Suffix, StringComparison.Ordinal)
                ? text + string.Create(CultureInfo.InvariantCulture,
                    $"; its hotplug (vif-common.sh) reads backend/vif/<D>/{number}, so it gets devid {number}'s bridge and vifname")
                : text;
        }

        private PlannedInterface NetbackInterface(
            NicSpec nic, int devid, InterfaceRole role, uint? domid, string placeholder, CustomNameRule rule, ref uint maxDomid)
        {
            NameTemplate template = era.Netback;
            string? custom = nic.VifName is { } v ? rule.Apply(v) : null;
            string label = role == InterfaceRole.Stubdom ? "stub domain vif" : "netback interface";
            maxDomid = Math.Min(maxDomid, MaxDomidFor(template, devid, InterfaceNameLimits.NetbackMaxLength));
            if (domid is not uint d)
            {
                string template1 = template.Format(placeholder, devid);
                ReportTemplateFit(nic, template1, template, devid, InterfaceNameLimits.NetbackMaxLength, label, placeholder);
                return Renamed(nic, role, template1, template1, null, custom, isTemplate: true, label);
            }

            // The kernel prints the xenstore handle with %u; libxl prints the devid with %d (§3.1).
            string kernelName = template.Format(d, (uint)devid);
            string created = InterfaceNameLimits.Truncate(kernelName, InterfaceNameLimits.NetbackMaxLength);
            string toolstackName = template.Format(d, devid);
            if (created != toolstackName)
            {
                ReportCut(nic, DiagnosticCodes.NetbackNameTruncated, label, toolstackName, created, "netback", InterfaceNameLimits.NetbackMaxLength);
                if (era.HotplugExpectsFullDefaultName)
                {
                    return new PlannedInterface
                    {
                        Name = created, Role = role, CreatedAs = created, Intended = custom ?? toolstackName, Domid = d,
                    };
                }
            }

            return Renamed(nic, role, created, created, d, custom, isTemplate: false, label);
        }

        private PlannedInterface TapInterface(NicSpec nic, int devid, long number, IReadOnlyList<int> devids)
        {
            NameTemplate template = era.Tap;
            const int limit = InterfaceNameLimits.QemuTapMaxLength;
            const string label = "tap";
            if (era.TapVifName.Application == CustomNameApplication.CreatedDirectly && nic.VifName is { } direct)
            {
                string full = era.TapVifName.Apply(direct)!;
                string cut = InterfaceNameLimits.Truncate(full, limit);
                if (cut != full)
                {
                    _bag.Warning(
                        DiagnosticCodes.CustomTapNameTruncated,
                        $"tap name \"{full}\" is {full.Length} characters: QEMU silently creates \"{cut}\" (15 at most)",
                        nic.LocationOf("vifname"), nic);
                }

                return new PlannedInterface
                {
                    Name = cut, Role = InterfaceRole.Emulated, CreatedAs = cut, Intended = cut == full ? null : full,
                    Domid = request.Domid, IsCustom = true,
                };
            }

            // The rename reads the vifname of the devid written in the tap's default name (vif-common.sh),
            // which for xend 4.2–4.4 is the emulated index, not this NIC's devid. Eras whose taps take the
            // vifname at creation (xl 4.0/4.1, xend 4.0/4.1: handled above) never rename a tap afterwards.
            string? renameSource = era.TapVifName.Application != CustomNameApplication.RenamedByHotplug ? null
                : era.TapNumbering == TapNumbering.EmulatedIndex ? VifNameOfDevid(number, devids)
                : nic.VifName;
            string? custom = renameSource is null ? null : era.TapVifName.Apply(renameSource);
            _maxDomid = Math.Min(_maxDomid, MaxDomidFor(template, number, limit));
            if (request.Domid is not uint d)
            {
                string template1 = template.Format(GuestDomidPlaceholder, number);
                ReportTemplateFit(nic, template1, template, number, limit, label, GuestDomidPlaceholder);
                return Renamed(nic, InterfaceRole.Emulated, template1, template1, null, custom, isTemplate: true, label);
            }

            string full1 = template.Format(d, number);
            string created = InterfaceNameLimits.Truncate(full1, limit);
            if (created != full1)
            {
                ReportCut(nic, DiagnosticCodes.TapNameTruncated, label, full1, created, "QEMU", limit);
                if (era.HotplugExpectsFullDefaultName)
                {
                    return new PlannedInterface
                    {
                        Name = created, Role = InterfaceRole.Emulated, CreatedAs = created, Intended = custom ?? full1, Domid = d,
                    };
                }
            }

            return Renamed(nic, InterfaceRole.Emulated, created, created, d, custom, isTemplate: false, label);
        }

        /// <summary>The vifname of the first NIC with <paramref name="devid"/>; the index is built once (a search per tap
        /// made xend 4.4's plan of 16,000 NICs quadratic).</summary>
        private string? VifNameOfDevid(long devid, IReadOnlyList<int> devids)
        {
            if (_firstNicOfDevid is null)
            {
                _firstNicOfDevid = new Dictionary<long, int>(devids.Count);
                for (int i = 0; i < devids.Count; i++)
                {
                    _firstNicOfDevid.TryAdd(devids[i], i);
                }
            }

            return _firstNicOfDevid.TryGetValue(devid, out int first) ? config.Nics[first].VifName : null;
        }

        private PlannedInterface Renamed(
            NicSpec nic, InterfaceRole role, string name, string created, uint? domid, string? custom, bool isTemplate, string label)
        {
            if (custom is null)
            {
                return new PlannedInterface { Name = name, Role = role, CreatedAs = created, Domid = domid, IsTemplate = isTemplate };
            }

            if (custom.Length > InterfaceNameLimits.MaxLength)
            {
                _bag.Error(
                    DiagnosticCodes.RenameTooLong,
                    string.Create(CultureInfo.InvariantCulture,
                        $"vifname=\"{nic.VifName}\" makes the {label} \"{custom}\" ({custom.Length} characters): hotplug's `ip link set name` refuses names over 15, so hotplug fails and the domain is not created; the interface stays \"{created}\"")
                        + (role != InterfaceRole.Pv ? " (a NIC with a tap or stub vif takes vifnames of at most 11 characters)" : string.Empty),
                    nic.LocationOf("vifname"), nic);
                return new PlannedInterface
                {
                    Name = name, Role = role, CreatedAs = created, Intended = custom, Domid = domid, IsTemplate = isTemplate,
                };
            }

            return new PlannedInterface { Name = custom, Role = role, CreatedAs = created, Domid = domid, IsCustom = true };
        }

        private void ReportCut(NicSpec nic, string code, string label, string full, string created, string creator, int limit)
        {
            string message = string.Create(CultureInfo.InvariantCulture,
                $"{label} \"{full}\" is {full.Length} characters: {creator} cuts names at {limit} and creates \"{created}\"");
            if (era.HotplugExpectsFullDefaultName)
            {
                _bag.Error(code, message + $"; libxl runs hotplug for \"{full}\", which does not exist, so hotplug fails and the domain is not created", nic.Location, nic);
            }
            else
            {
                _bag.Warning(code, message + " (hotplug goes by the created name, but the cut name may clash with another NIC's)", nic.Location, nic);
            }
        }

        private void ReportTemplateFit(NicSpec nic, string name, NameTemplate template, long number, int limit, string label, string placeholder)
        {
            uint max = MaxDomidFor(template, number, limit);
            if (max >= InterfaceNameLimits.LastGuestDomid)
            {
                return;
            }

            string creator = limit == InterfaceNameLimits.NetbackMaxLength ? "netback" : "QEMU";
            string message = max == 0
                ? $"{label} \"{name}\" is too long for any domid: {creator} cuts names at {limit} characters"
                : string.Create(CultureInfo.InvariantCulture,
                    $"{label} \"{name}\" fits only for {placeholder} up to {max}: {creator} cuts names at {limit} characters (random domids, Xen 4.14+, reach 32751)");
            if (max == 0 && era.HotplugExpectsFullDefaultName)
            {
                _bag.Error(DiagnosticCodes.NameFitsOnlySmallDomids, message, nic.Location, nic);
            }
            else
            {
                _bag.Warning(DiagnosticCodes.NameFitsOnlySmallDomids, message, nic.Location, nic);
            }
        }

        /// <summary>The largest guest domid whose name of this template is not cut (§3.6); 0 when none.</summary>
        private static uint MaxDomidFor(NameTemplate template, long number, int limit)
        {
            int digitsLeft = limit - template.Length(0, number);
            if (digitsLeft >= 5)
            {
                return InterfaceNameLimits.LastGuestDomid;
            }

            uint max = 0;
            for (int i = 0; i < digitsLeft; i++)
            {
                max = (max * 10) + 9;
            }

            return max;
        }

        private void CheckVifName(NicSpec nic, int devid)
        {
            if (nic.VifName is not { } vifName)
            {
                return;
            }

            if (era.Toolstack == Toolstack.Xl && !era.PvVifName.Applies)
            {
                string tail = era == NamingEras.Xl41 && !vifName.StartsWith("tap", StringComparison.Ordinal)
                    ? "; udev's tap* rule does not match it, so the tap is not added to a bridge"
                    : string.Empty;
                _bag.Warning(
                    DiagnosticCodes.OldXlVifNameTapOnly,
                    string.Create(CultureInfo.InvariantCulture,
                        $"xl {_xen} does not write vifname: the PV interface stays vif<D>.{devid} and only an emulated NIC's tap is named \"{vifName}\"{tail}"),
                    nic.LocationOf("vifname"), nic);
            }

            if (LooksLikeDefaultName(vifName, out string? meaning))
            {
                _bag.Warning(
                    DiagnosticCodes.VifNameMisreadAsDefault,
                    $"vifname=\"{vifName}\" looks like {meaning}: tools and people that decode names by pattern will misread it; map through xenstore (vifmap ls)",
                    nic.LocationOf("vifname"), nic);
            }

            // set_mtu writes junk under /local/domain/<vifname>/… for any vifname; it matters when the
            // vifname parses as a domid, because the node then belongs to a real domain's frontend.
            bool bridgeScript = nic.Script is null || nic.Script.EndsWith("vif-bridge", StringComparison.Ordinal);
            string node = BogusMtuNode(vifName, out bool realDomain);
            bool setMtuWrites = era.Toolstack == Toolstack.Xl && _xen >= XenReleases.SetMtuWritesFrontendFrom && bridgeScript && era.PvVifName.Applies;
            if (setMtuWrites && !XenstoredAcceptsPath(node))
            {
                _bag.Error(
                    DiagnosticCodes.VifNameBreaksSetMtu,
                    $"vifname=\"{vifName}\": vif-bridge's set_mtu (4.15+) takes a domid and devid from it and writes {node}, which xenstored refuses; the hotplug script fails (\"Writing {node} … to xenstore failed.\") and the domain is not created",
                    nic.LocationOf("vifname"), nic);
            }
            else if (setMtuWrites && realDomain)
            {
                _bag.Warning(
                    DiagnosticCodes.CustomVifNameMtuNode,
                    $"vifname=\"{vifName}\": vif-bridge's set_mtu (4.15+) takes the domid and devid from the renamed interface name and writes {node}, a node of another domain's frontend",
                    nic.LocationOf("vifname"), nic);
            }
        }

        /// <summary>xenstored's <c>is_valid_nodename</c> for the path (RELEASE-4.17.0
        /// tools/xenstore/xenstored_core.c:1165-1171 valid_chars and :1187 "No double //").</summary>
        private static bool XenstoredAcceptsPath(string path)
            => !path.Contains("//", StringComparison.Ordinal)
                && path.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '/' or '_' or '@');

        /// <summary>The node <c>set_mtu</c> writes: <c>dev_=${dev#vif}; domid=${dev_%.*}; devid=${dev_#*.}</c>.</summary>
        private static string BogusMtuNode(string vifName, out bool realDomain)
        {
            string rest = vifName.StartsWith("vif", StringComparison.Ordinal) ? vifName[3..] : vifName;
            int last = rest.LastIndexOf('.');
            int first = rest.IndexOf('.', StringComparison.Ordinal);
            string domid = last < 0 ? rest : rest[..last];
            string devid = first < 0 ? rest : rest[(first + 1)..];
            realDomain = domid.Length > 0 && domid.All(char.IsAsciiDigit);
            return $"/local/domain/{domid}/device/vif/{devid}/mtu";
        }

        /// <summary>§7.10: a custom name that the default rules of some era would also produce.</summary>
        private static bool LooksLikeDefaultName(string vifName, out string? meaning)
        {
            meaning = null;
            if (NameTemplate.EmuTap.TryMatch(vifName, out uint d, out ulong n))
            {
                meaning = string.Create(CultureInfo.InvariantCulture, $"the tap of domain {d}'s NIC {n}");
            }
            else if (NameTemplate.Netback.TryMatch(vifName, out d, out n))
            {
                meaning = string.Create(CultureInfo.InvariantCulture, $"the netback interface of domain {d}'s NIC {n}");
            }
            else if (NameTemplate.LegacyTap.TryMatch(vifName, out d, out n))
            {
                meaning = string.Create(CultureInfo.InvariantCulture, $"an xl 4.0/4.1 or xend tap of domain {d}");
            }
            else if (vifName.EndsWith(NameTemplate.EmuTap.Suffix, StringComparison.Ordinal))
            {
                meaning = "a tap name (it ends in -emu; its own tap would be \"" + vifName + "-emu\")";
            }

            return meaning is not null;
        }

        private void CheckCollisions(List<PlannedNic> nics)
        {
            var seen = new Dictionary<string, (PlannedNic Nic, PlannedInterface Interface)>(StringComparer.Ordinal);
            for (int i = 0; i < nics.Count; i++)
            {
                PlannedNic nic = nics[i];
                NicSpec spec = config.Nics[i];
                foreach (PlannedInterface iface in nic.Interfaces)
                {
                    if (!seen.TryAdd(iface.Name, (nic, iface)))
                    {
                        (PlannedNic firstNic, PlannedInterface first) = seen[iface.Name];
                        // A rename onto a taken name is fatal from 4.2 and skipped before; an interface created
                        // under a taken name (netback, QEMU) fails in every era.
                        bool fatal = era.RenameOntoExistingNameFails || !(IsRenamed(first) || IsRenamed(iface));
                        bool sameNic = ReferenceEquals(firstNic, nic);
                        string why = !sameNic && firstNic.Devid == nic.Devid
                            ? string.Create(CultureInfo.InvariantCulture,
                                $"devid {nic.Devid} is used twice; libxl refuses the second NIC (\"device already exists\") and the domain is not created")
                            : !fatal
                                ? "Xen ≤4.1's hotplug skips the rename silently, so that interface keeps its default name"
                                : IsRenamed(first) || IsRenamed(iface)
                                    ? "the rename fails (hotplug: \"An interface with name … already exists\") and the domain is not created"
                                    : "the second cannot be created under a taken name, and the domain is not created";
                        string message = sameNic
                            ? string.Create(CultureInfo.InvariantCulture,
                                $"NIC {nic.Devid}'s {RoleName(first.Role)} and {RoleName(iface.Role)} interfaces are both named \"{iface.Name}\": {why}")
                            : string.Create(CultureInfo.InvariantCulture,
                                $"NIC {firstNic.Devid} and NIC {nic.Devid} both name an interface \"{iface.Name}\": {why}");
                        SourceLocation at = !sameNic && firstNic.Devid == nic.Devid ? spec.LocationOf("devid")
                            : iface.IsCustom ? spec.LocationOf("vifname")
                            : spec.Location;
                        if (fatal)
                        {
                            _bag.Error(DiagnosticCodes.NameCollision, message, at, spec);
                        }
                        else
                        {
                            _bag.Warning(DiagnosticCodes.NameCollision, message, at, spec);
                        }
                    }
                }
            }
        }

        private bool IsRenamed(PlannedInterface iface)
        {
            CustomNameRule rule = iface.Role switch
            {
                InterfaceRole.Pv => era.PvVifName,
                InterfaceRole.Emulated => era.TapVifName,
                _ => era.StubVifName,
            };
            return iface.IsCustom && rule.Application == CustomNameApplication.RenamedByHotplug;
        }

        private static string RoleName(InterfaceRole role) => role switch
        {
            InterfaceRole.Pv => "netback",
            InterfaceRole.Emulated => "tap",
            _ => "stub domain",
        };

        private void CheckXendDuplicateMacs()
        {
            if (era.Toolstack != Toolstack.Xend)
            {
                return;
            }

            var seen = new HashSet<MacAddress>();
            foreach (NicSpec nic in config.Nics)
            {
                if (nic.Mac is MacAddress mac && !seen.Add(mac))
                {
                    _bag.Error(
                        DiagnosticCodes.XendDuplicateMac,
                        $"xend refuses a MAC used twice (\"The mac \\\"{mac}\\\" is already defined\"): the domain is not created",
                        nic.LocationOf("mac"), nic);
                }
            }
        }
    }
}
