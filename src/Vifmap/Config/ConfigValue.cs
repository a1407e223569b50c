using Vifmap.Diagnostics;

namespace Vifmap.Config;

/// <summary>A value in an xl.cfg: a string, a number (kept as text, as libxlutil does) or a list.</summary>
public abstract record ConfigValue(SourceLocation Location);

/// <summary>A quoted string, already dequoted with xl's escape rules.</summary>
public sealed record ConfigString(string Value, SourceLocation Location) : ConfigValue(Location);

/// <summary>A NUMBER token, kept as written (<c>010</c>, <c>0x100</c>); xl converts it later with base 0.</summary>
public sealed record ConfigNumber(string Text, SourceLocation Location) : ConfigValue(Location);

/// <summary>A bracketed list; elements may themselves be lists (4.6+).</summary>
public sealed record ConfigList(IReadOnlyList<ConfigValue> Items, SourceLocation Location) : ConfigValue(Location);
