namespace Wasl.Web.Platform.Notifications;

/// <summary>
/// The mail server e-mail goes out through (configuration section "Notifications:Smtp"). Without a host and a sender
/// address e-mail is off: a deployment that has no mail server yet still runs, and nothing pretends to have sent.
/// </summary>
internal sealed class SmtpOptions
{
    public const string Section = "Notifications:Smtp";

    public string? Host { get; set; }

    /// <summary>25 for a relay inside the network, 587 for submission with <see cref="EnableSsl"/> and a login, 465 for implicit TLS.</summary>
    public int Port { get; set; } = 25;

    /// <summary>
    /// Encrypt the connection: TLS from the first byte on port 465, STARTTLS (required, not merely offered) on any other port.
    /// Off: plain SMTP, for a relay inside the network.
    /// </summary>
    public bool EnableSsl { get; set; }

    /// <summary>Login for the server; none when empty.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender address, e.g. "no-reply@wasl.example".</summary>
    public string From { get; set; } = "";

    /// <summary>The sender's display name, e.g. "وصل"; encoded as UTF-8 in the From header.</summary>
    public string? FromName { get; set; }

    /// <summary>How long one message may take, connecting included, before it counts as a temporary failure.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(From);
}
