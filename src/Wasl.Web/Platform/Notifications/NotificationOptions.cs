namespace Wasl.Web.Platform.Notifications;

/// <summary>Notification settings: the public address links point to, the SMS gateway and the dispatcher.</summary>
internal sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>The site's public address, e.g. https://wasl.moe.gov.sa: links in e-mail and SMS start with it.</summary>
    public string PublicUrl { get; set; } = "http://localhost:5080";

    public SmsOptions Sms { get; set; } = new();
    public DispatcherOptions Dispatcher { get; set; } = new();
}

/// <summary>
/// An SMS gateway over HTTP: Wasl POSTs JSON {"to": "+9665…", "text": "…", "sender": "…", "reference": "…"} to
/// <see cref="Url"/> with the key in <see cref="ApiKeyHeader"/>. 2xx is accepted; 4xx other than 408/429 is a
/// permanent refusal; anything else is retried.
/// </summary>
internal sealed class SmsOptions
{
    public string? Url { get; set; }
    public string? ApiKey { get; set; }
    public string ApiKeyHeader { get; set; } = "X-Api-Key";
    public string? Sender { get; set; }
    public int TimeoutSeconds { get; set; } = 15;
    public bool Enabled => !string.IsNullOrWhiteSpace(Url);
}

internal sealed class DispatcherOptions
{
    /// <summary>Tests turn the background dispatcher off and dispatch themselves.</summary>
    public bool Enabled { get; set; } = true;
    public int PollSeconds { get; set; } = 5;
    public int Batch { get; set; } = 20;

    /// <summary>After this many failed attempts a message is dead (visible to administrators).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How long a dispatcher holds a message it is sending; a crashed node's messages come back after it.</summary>
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>Back-off after the first failure, doubled each time up to <see cref="MaxBackoffSeconds"/>.</summary>
    public int FirstBackoffSeconds { get; set; } = 30;
    public int MaxBackoffSeconds { get; set; } = 6 * 3600;

    /// <summary>Sent messages (addresses and texts: personal data) are deleted this many days after sending.</summary>
    public int KeepSentDays { get; set; } = 30;
}
