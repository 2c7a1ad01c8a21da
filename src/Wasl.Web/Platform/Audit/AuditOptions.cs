using Microsoft.Extensions.Options;

namespace Wasl.Web.Platform.Audit;

/// <summary>The audit trail's settings (section "Audit").</summary>
internal sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>On in every deployment; off only to measure what the trail costs (bench/run.sh, BENCH_AUDIT="on off").</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Whether this node runs the sealer (several may: one seals at a time).</summary>
    public bool SealerEnabled { get; set; } = true;

    public int SealIntervalSeconds { get; set; } = 2;

    /// <summary>Entries sealed per transaction.</summary>
    public int SealBatch { get; set; } = 2000;

    /// <summary>An anchor every this many seals…</summary>
    public int AnchorEvery { get; set; } = 10000;

    /// <summary>…or after this many minutes, whichever comes first (when anything was sealed since).</summary>
    public int AnchorMinutes { get; set; } = 60;

    /// <summary>An entry still unsealed after this long is reported by <c>audit verify</c> as a missing seal.</summary>
    public int SealingWindowMinutes { get; set; } = 10;
}

internal sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditOptions o)
    {
        List<string> failures = [];
        if (o.SealIntervalSeconds is < 1 or > 3600) failures.Add("Audit:SealIntervalSeconds must be between 1 and 3600.");
        if (o.SealBatch is < 1 or > 100000) failures.Add("Audit:SealBatch must be between 1 and 100000.");
        if (o.AnchorEvery < 1) failures.Add("Audit:AnchorEvery must be above 0.");
        if (o.AnchorMinutes < 1) failures.Add("Audit:AnchorMinutes must be above 0.");
        if (o.SealingWindowMinutes < 1) failures.Add("Audit:SealingWindowMinutes must be above 0.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
