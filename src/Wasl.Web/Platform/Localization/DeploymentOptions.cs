namespace Wasl.Web.Platform.Localization;

/// <summary>Facts about the deployment: its country (national ID and mobile rules), time zone and default language.</summary>
internal sealed class DeploymentOptions
{
    public const string Section = "Deployment";

    /// <summary>ISO 3166 alpha-2: SA, OM, IR or MA.</summary>
    public string Country { get; set; } = "SA";
    public string TimeZone { get; set; } = "Asia/Riyadh";
    public string DefaultLanguage { get; set; } = "ar";
}
