using System.Globalization;
using System.Text.Json;

namespace Vifmap.Host;

/// <summary>Where a JSON input went wrong, in words. <see cref="JsonException.Message"/> is not used: in the
/// AOT CLI (UseSystemResourceKeys) it is a resource key such as "ExpectedJsonTokens LineNumber: 0 | …".</summary>
internal static class JsonErrorText
{
    /// <summary>"line L, byte B" (both 1-based), or "at an unknown place".</summary>
    public static string Position(JsonException error)
        => error.LineNumber is long line && error.BytePositionInLine is long column
            ? string.Create(CultureInfo.InvariantCulture, $"line {line + 1}, byte {column + 1}")
            : "at an unknown place";
}
