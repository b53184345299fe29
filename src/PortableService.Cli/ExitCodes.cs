namespace PortableService.Cli;

/// <summary>The process exit codes: 0 success, 1 a user error with a clear message, 2 bad usage, 70 a bug.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int UserError = 1;
    public const int Usage = 2;
    public const int InternalError = 70;
    public const int Interrupted = 130;
}
