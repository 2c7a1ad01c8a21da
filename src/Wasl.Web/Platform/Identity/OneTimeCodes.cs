namespace Wasl.Web.Platform.Identity;

public enum CodePurpose
{
    ConfirmMobile,
    ResetPassword,
}

/// <summary>Delivers one-time codes to a person's mobile (and e-mail). The notifications module plugs real channels in.</summary>
public interface IOneTimeCodeSender
{
    Task SendAsync(string destination, string code, CodePurpose purpose, CancellationToken ct);
}

/// <summary>Development: the code is written to the log, so a developer can complete registration without a gateway.</summary>
internal sealed class LoggingCodeSender(ILogger<LoggingCodeSender> logger) : IOneTimeCodeSender
{
    public Task SendAsync(string destination, string code, CodePurpose purpose, CancellationToken ct)
    {
        logger.LogWarning("One-time code for {Destination} ({Purpose}): {Code}", destination, purpose, code);
        return Task.CompletedTask;
    }
}

/// <summary>Outside Development with no channel configured: the code is never logged; the gap is.</summary>
internal sealed class UnconfiguredCodeSender(ILogger<UnconfiguredCodeSender> logger) : IOneTimeCodeSender
{
    public Task SendAsync(string destination, string code, CodePurpose purpose, CancellationToken ct)
    {
        logger.LogError("No SMS or e-mail channel is configured: a {Purpose} code could not be delivered.", purpose);
        return Task.CompletedTask;
    }
}
