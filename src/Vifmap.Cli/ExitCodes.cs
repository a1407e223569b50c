namespace Vifmap.Cli;

/// <summary>Exit codes, as grep and compilers use them.</summary>
internal static class ExitCodes
{
    /// <summary>Done; for lint and plan: no error (warnings allowed).</summary>
    public const int Success = 0;

    /// <summary>The input has errors (lint, plan).</summary>
    public const int Findings = 1;

    /// <summary>Bad usage, unreadable input file, or no xenstore to talk to.</summary>
    public const int UsageOrEnvironment = 2;
}
