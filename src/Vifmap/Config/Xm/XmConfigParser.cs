using System.Globalization;
using Vifmap.Diagnostics;

namespace Vifmap.Config.Xm;

/// <summary>Reads an xm (xend) config the way <c>xm create</c> did in Xen 4.0–4.4: as Python, run with <c>execfile</c>
/// (RELEASE-4.1.0 tools/python/xen/xm/opts.py:530-573), keeping afterwards only the names whose value is a
/// <c>str</c>, <c>list</c>, <c>int</c> or <c>float</c> (opts.py:563-573). The Python is not run: <see cref="PyEvaluator"/>
/// evaluates the subset real configs use, and what it cannot know is left out with a warning. The result has the shape
/// of a parsed xl.cfg, so that <see cref="DomainConfigReader"/> reads <c>vif</c>, <c>builder</c>, <c>name</c> and
/// <c>device_model</c> from it as from any config. Never throws on bad input.</summary>
public static class XmConfigParser
{
    /// <summary>The settings xm reads to create the guest's NICs; these get a warning when they cannot be evaluated
    /// or xm drops them.</summary>
    private static readonly Dictionary<string, (string Default, string Unknown)> s_read = new(StringComparer.Ordinal)
    {
        // RELEASE-4.1.0 tools/python/xen/xm/create.py: vif 397-398 (default []), builder 183-185 (default 'linux', PV),
        // name 151-153 (default None, then the config's file name, 1501-1502), device_model 494-496 (default None).
        ["vif"] = ("[], no NIC", "no NIC is planned from it"),
        ["builder"] = ("'linux', a PV guest", "the guest is taken as PV, xm's default builder 'linux'"),
        ["name"] = ("the config's file name", "the domain's name is unknown"),
        ["device_model"] = ("None", "the device model is unknown"),
    };

    /// <param name="source">The name shown in diagnostics (the file path, or "-").</param>
    /// <param name="utf8">The file's bytes.</param>
    public static XlConfigDocument Parse(string source, byte[] utf8)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(utf8);
        XmEvaluation evaluation = Evaluate(source, utf8);
        var bag = new DiagnosticBag();
        bag.AddRange(evaluation.Diagnostics);
        var settings = new List<ConfigSetting>();
        var unknownNames = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string name, PyValue value) in evaluation.Values)
        {
            ConfigValue? converted = ToConfigValue(name, value, bag);
            if (converted is not null)
            {
                settings.Add(new ConfigSetting(name, converted, IsAppend: false, converted.Location));
            }
            else if (value is PyUnknown)
            {
                unknownNames.Add(name);
            }
        }

        AddNicsPadding(settings, evaluation.Values);
        AddDefaultName(source, settings, unknownNames, evaluation.SyntaxError);
        var effective = new Dictionary<string, ConfigSetting>(StringComparer.Ordinal);
        foreach (ConfigSetting setting in settings)
        {
            effective[setting.Name] = setting;
        }

        return new XlConfigDocument(source, settings, effective, bag.Items);
    }

    /// <summary>The file's names and values as the evaluator leaves them (every type, unknowns included), with the
    /// evaluator's findings: what the tests hold against real Python.</summary>
    internal static XmEvaluation Evaluate(string source, byte[] utf8)
    {
        var bag = new DiagnosticBag();
        (IReadOnlyList<PyToken> tokens, Diagnostic? lexError) = PyLexer.Tokenize(source, utf8);
        if (lexError is not null)
        {
            bag.Add(lexError);
            return new XmEvaluation([], bag.Items, SyntaxError: true, Stopped: true, UsedUnknowns: false);
        }

        (IReadOnlyList<PyStatement> statements, Diagnostic? parseError) = PyParser.Parse(tokens);
        if (parseError is not null)
        {
            bag.Add(parseError);
            return new XmEvaluation([], bag.Items, SyntaxError: true, Stopped: true, UsedUnknowns: false);
        }

        PyRun run = PyEvaluator.Run(source, statements, bag);
        return new XmEvaluation(run.Values, bag.Items, SyntaxError: false, run.Stopped, run.UsedUnknowns);
    }

    private static ConfigValue? ToConfigValue(string name, PyValue value, DiagnosticBag bag)
    {
        bool read = s_read.TryGetValue(name, out (string Default, string Unknown) meaning);
        switch (value)
        {
            case PyUnknown unknown:
                if (read)
                {
                    bag.Warning(DiagnosticCodes.XmSettingUnknown,
                        $"`{name}' cannot be evaluated without running xm: it {unknown.Reason}; {meaning.Unknown}",
                        unknown.Location);
                }

                return null;
            case PyStr { IsUnicode: false } s:
                return name == "vif" ? VifFromString(s, bag) : new ConfigString(s.Value, s.Location);
            case PyInt { IsLong: false } i:
                return new ConfigNumber(i.Value.ToString(CultureInfo.InvariantCulture), i.Location);
            case PyFloat f:
                return new ConfigNumber(PyValues.Repr(f)!, f.Location);
            case PyList list:
                return name == "vif" ? VifList(list, bag) : PlainList(list);
            default:
                if (read)
                {
                    bag.Warning(DiagnosticCodes.XmValueIgnored,
                        $"xm ignores `{name}': it is {PyValues.Article(value.TypeName)} {value.TypeName}, and xm keeps only the str, list, int and float values a config sets, so `{name}' stays at its default ({meaning.Default})",
                        value.Location);
                }

                return null;
        }
    }

    /// <summary>A list of a setting vifmap does not read: kept when every element has a value an xl.cfg could hold.</summary>
    private static ConfigList? PlainList(PyList list)
    {
        var items = new List<ConfigValue>(list.Items.Count);
        foreach (PyValue item in list.Items)
        {
            ConfigValue? converted = item switch
            {
                PyStr s => new ConfigString(s.Value, s.Location),
                PyInt i => new ConfigNumber(i.Value.ToString(CultureInfo.InvariantCulture), i.Location),
                PyFloat f => new ConfigNumber(PyValues.Repr(f)!, f.Location),
                PyList l => PlainList(l),
                _ => null,
            };
            if (converted is null)
            {
                return null;
            }

            items.Add(converted);
        }

        return new ConfigList(items, list.Location);
    }

    /// <summary>xm's <c>configure_vifs</c> (create.py:1026-1058) runs <c>comma_sep_kv_to_dict(c)</c>, which calls
    /// <c>c.strip()</c>, on each element: an element that is not a string stops <c>xm create</c> (AttributeError).</summary>
    private static ConfigList? VifList(PyList list, DiagnosticBag bag)
    {
        var items = new List<ConfigValue>(list.Items.Count);
        for (int i = 0; i < list.Items.Count; i++)
        {
            PyValue item = list.Items[i];
            switch (item)
            {
                case PyStr s:
                    items.Add(new ConfigString(s.Value, s.Location));
                    break;
                case PyUnknown u:
                    bag.Warning(DiagnosticCodes.XmSettingUnknown,
                        $"element {i + 1} of `vif' cannot be evaluated without running xm: it {u.Reason}; no NIC is planned from `vif'",
                        u.Location);
                    return null;
                default:
                    bag.Error(DiagnosticCodes.XmCreateStops,
                        $"element {i + 1} of `vif' is {PyValues.Article(item.TypeName)} {item.TypeName}, not a string: xm calls .strip() on each vif spec, so Python raises AttributeError and xm create stops",
                        item.Location);
                    return null;
            }
        }

        return new ConfigList(items, list.Location);
    }

    /// <summary><c>vif = 'bridge=xenbr0'</c>: xm loops over a string as over a list, one character per vif spec. A blank
    /// character is an empty spec (a NIC with defaults); any other has no <c>=</c>, and xm create stops.</summary>
    private static ConfigList? VifFromString(PyStr vif, DiagnosticBag bag)
    {
        foreach (char c in vif.Value)
        {
            if (!char.IsWhiteSpace(c))
            {
                bag.Error(DiagnosticCodes.XmCreateStops,
                    $"`vif' is a string, not a list: xm reads it one character at a time as vif specs and stops with \"Error: {c} should be a pair, separated by an equals sign.\"; write vif = [ '{vif.Value}' ]",
                    vif.Location);
                return null;
            }
        }

        return new ConfigList([.. vif.Value.Select(_ => (ConfigValue)new ConfigString(string.Empty, vif.Location))], vif.Location);
    }

    /// <summary>The deprecated <c>nics=N</c> adds empty specs until there are N (create.py:1035-1041).</summary>
    private static void AddNicsPadding(List<ConfigSetting> settings, IReadOnlyList<(string Name, PyValue Value)> values)
    {
        PyValue? nics = values.LastOrDefault(v => v.Name == "nics").Value;
        if (nics is not PyInt { IsLong: false, Value: > 0 and <= 1024 } count)
        {
            return;
        }

        int index = settings.FindIndex(s => s.Name == "vif");
        bool unknownVif = values.Any(v => v.Name == "vif") && index < 0;
        if (unknownVif)
        {
            return;
        }

        ConfigList list = index >= 0 && settings[index].Value is ConfigList l ? l : new ConfigList([], count.Location);
        if (list.Items.Count >= count.Value)
        {
            return;
        }

        var padded = new ConfigList([.. list.Items, .. Enumerable.Range(0, (int)count.Value - list.Items.Count)
            .Select(_ => (ConfigValue)new ConfigString(string.Empty, count.Location))], list.Location);
        var setting = new ConfigSetting("vif", padded, IsAppend: false, padded.Location);
        if (index >= 0)
        {
            settings[index] = setting;
        }
        else
        {
            settings.Add(setting);
        }
    }

    /// <summary>Without a name (or with an empty one) xm names the domain after the config file (create.py:1501-1502).</summary>
    private static void AddDefaultName(string source, List<ConfigSetting> settings, HashSet<string> unknownNames, bool syntaxError)
    {
        if (syntaxError || source == "-" || unknownNames.Contains("name"))
        {
            return;
        }

        int index = settings.FindIndex(s => s.Name == "name");
        if (index >= 0 && !(settings[index].Value is ConfigString { Value.Length: 0 }))
        {
            return;
        }

        var name = new ConfigSetting("name", new ConfigString(Path.GetFileName(source), new SourceLocation(source, 0, 0)), IsAppend: false,
            new SourceLocation(source, 0, 0));
        if (index >= 0)
        {
            settings[index] = name;
        }
        else
        {
            settings.Add(name);
        }
    }
}

/// <summary>What <see cref="XmConfigParser"/> evaluated: every name the file assigned with its value, the findings, whether
/// Python would refuse the file (<see cref="SyntaxError"/>) or an exception would end it (<see cref="Stopped"/>), and
/// whether any value on the way was unknown (<see cref="UsedUnknowns"/>).</summary>
internal sealed record XmEvaluation(IReadOnlyList<(string Name, PyValue Value)> Values, IReadOnlyList<Diagnostic> Diagnostics,
    bool SyntaxError, bool Stopped, bool UsedUnknowns);
