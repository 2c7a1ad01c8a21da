using System.Globalization;
using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Data;

namespace Wasl.Web.Platform.Audit;

/// <summary>
/// <c>audit verify [--anchor SEQ:HASH …]</c>: walks the chain and prints "intact" with counts (exit 0), or the first
/// broken link (exit 1). <c>audit seal</c>: seals what waits now. Anchors from the log (the "Audit anchor" lines) may
/// be given to check the database against what left it.
/// </summary>
internal static class AuditCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<AuditOptions>>().Value;
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        switch (args)
        {
            case ["seal"]:
                var log = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Wasl.Web.Platform.Audit.AuditSealer");
                var count = await AuditChain.SealAllAsync(db, options, clock.GetUtcNow(), log, ct);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"sealed {count} entries"));
                return 0;
            case ["verify", .. var rest]:
                var anchors = new Dictionary<long, string>();
                for (var i = 0; i < rest.Length; i++)
                {
                    if (rest[i] != "--anchor" || i + 1 >= rest.Length || !TryAnchor(rest[++i], out var seq, out var hash))
                    {
                        await output.WriteLineAsync("usage: audit verify [--anchor SEQ:HASH ...]");
                        return 2;
                    }
                    anchors[seq] = hash;
                }
                var result = await AuditVerifier.VerifyAsync(db, clock.GetUtcNow(), TimeSpan.FromMinutes(options.SealingWindowMinutes), anchors, ct);
                if (result.Break is { } b)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"BROKEN at seal {b.Seq?.ToString(CultureInfo.InvariantCulture) ?? "-"}, entry {b.EntryId?.ToString(CultureInfo.InvariantCulture) ?? "-"}: {b.Problem}"));
                    return 1;
                }
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"intact: {result.Seals} entries sealed in one chain, {result.Anchors} anchors, {result.Pending} waiting to be sealed"));
                return 0;
            default:
                await output.WriteLineAsync("usage: audit verify [--anchor SEQ:HASH ...] | audit seal");
                return 2;
        }
    }

    private static bool TryAnchor(string value, out long seq, out string hash)
    {
        var parts = value.Split(':');
        hash = parts.Length == 2 ? parts[1].Trim().ToLowerInvariant() : "";
        seq = 0;
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out seq) && hash.Length == 64;
    }
}
