namespace Vifmap.Cli;

/// <summary>The exit codes of every command (README "Exit codes"). Nothing else is ever returned: a
/// runtime abort (134) or a crash (139) would be a bug.</summary>
internal static class ExitCodes
{
    /// <summary>Done; for lint and plan: no error (warnings allowed).</summary>
    public const int Success = 0;

    /// <summary>Findings with an error (lint, plan), or a problem with the input or the host: a file that
    /// cannot be read, no xenstore, a daemon that fails or does not answer in time.</summary>
    public const int Problem = 1;

    /// <summary>The command line is wrong: unknown option, bad option value, missing argument.</summary>
    public const int Usage = 2;

    /// <summary>Stopped by SIGINT (Ctrl-C): 128 + 2, as shells report it.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM: 128 + 15.</summary>
    public const int Terminated = 143;
}
