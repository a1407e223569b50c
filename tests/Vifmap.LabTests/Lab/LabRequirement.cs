namespace Vifmap.LabTests.Lab;

/// <summary>Raised instead of a skip when env CI is set: a lab that silently skipped in CI is a false green.</summary>
public sealed class LabUnavailableException(string message) : Exception(message);

/// <summary>
/// Guards for lab tests (use with [SkippableFact]/[SkippableTheory]): skip with the reason on a
/// machine without the lab, fail when the environment variable CI is set.
/// </summary>
public static class LabRequirement
{
    /// <summary>True when env CI is set (to anything but empty, "0" or "false").</summary>
    public static bool IsCi
    {
        get
        {
            string? ci = Environment.GetEnvironmentVariable("CI");
            return !string.IsNullOrEmpty(ci) && ci != "0" && !ci.Equals("false", StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>Skips (or fails under CI) unless xenstored, the Xen clients, xl and the shim are usable.</summary>
    public static LabEnvironment SkipUnlessLabAvailable()
    {
        LabEnvironment lab = LabEnvironment.Current;
        SkipUnless(lab.IsAvailable, lab.UnavailableReason ?? string.Empty);
        return lab;
    }

    /// <summary>The general form, for other lab prerequisites (network namespaces, libxlutil, ...).</summary>
    public static void SkipUnless(bool condition, string reason)
    {
        if (condition)
        {
            return;
        }

        string message = "Real-Xen lab unavailable: " + reason;
        if (IsCi)
        {
            throw new LabUnavailableException(message + " (env CI is set, so this fails instead of skipping)");
        }

        Skip.If(true, message);
    }
}
