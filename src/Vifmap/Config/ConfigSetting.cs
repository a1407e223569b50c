using Vifmap.Diagnostics;

namespace Vifmap.Config;

/// <summary>One <c>name = value</c> (or <c>name += value</c>) statement as written.</summary>
public sealed record ConfigSetting(string Name, ConfigValue Value, bool IsAppend, SourceLocation Location);
