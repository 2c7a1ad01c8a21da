using Microsoft.EntityFrameworkCore;
using Wasl.Web.Platform.Data;

namespace Wasl.Web.Platform.Security;

/// <summary>
/// Removes spent bot challenges once they have expired (they can no longer be replayed), and the submission counts of
/// past days. Safe on several nodes.
/// </summary>
internal sealed class SpentChallengeSweeper(IServiceScopeFactory scopes, TimeProvider clock, ILogger<SpentChallengeSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(10), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
                var now = clock.GetUtcNow();
                await db.SpentChallenges.Where(c => c.ExpiresAt < now).ExecuteDeleteAsync(stoppingToken);
                await SubmissionBudget.SweepAsync(db, now, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Sweeping spent bot challenges failed; will retry");
            }
        }
    }
}
