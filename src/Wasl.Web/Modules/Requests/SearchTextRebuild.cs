using Microsoft.EntityFrameworkCore;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Modules.Requests;

/// <summary>
/// After the search normalization changes (<see cref="SearchText.Version"/>), the stored search form of older requests
/// is recomputed at start, in batches, in the background: the form is computed by the application, so no SQL script
/// can do it. Each row is written only if still old, so several nodes doing it at once write the same thing; a row
/// not yet redone is still found by the words it was found by before.
/// </summary>
internal sealed class SearchTextRebuild(IServiceScopeFactory scopes, ILogger<SearchTextRebuild> log) : BackgroundService
{
    private const int Batch = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var total = 0;
            int done;
            do
            {
                await using var scope = scopes.CreateAsyncScope();
                done = await RunBatchAsync(scope.ServiceProvider.GetRequiredService<WaslDbContext>(), Batch, stoppingToken);
                total += done;
            }
            while (done > 0 && !stoppingToken.IsCancellationRequested);
            if (total > 0) log.LogInformation("Search text recomputed for {Count} requests (normalization version {Version})", total, SearchText.Version);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Search keeps working on the old forms; the next start tries again.
            log.LogError(e, "Recomputing the search text failed");
        }
    }

    /// <summary>Recomputes up to <paramref name="batch"/> old rows; the number found (0: nothing left).</summary>
    public static async Task<int> RunBatchAsync(WaslDbContext db, int batch, CancellationToken ct)
    {
        var rows = await db.Set<Request>().AsNoTracking()
            .Where(r => r.SearchVersion < SearchText.Version)
            .OrderBy(r => r.Id).Take(batch)
            .Select(r => new { r.Id, r.Subject, r.Description })
            .ToListAsync(ct);
        foreach (var row in rows)
        {
            var text = SearchText.IndexForm(row.Subject, row.Description);
            await db.Set<Request>().Where(r => r.Id == row.Id && r.SearchVersion < SearchText.Version)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.SearchText, text).SetProperty(r => r.SearchVersion, SearchText.Version), ct);
        }
        return rows.Count;
    }
}
