using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Operations;

namespace Wasl.Web.Platform.Deadlines;

/// <summary>A module's deadline work (requests now, correspondence later), driven by <see cref="DeadlineSweeper"/>.</summary>
internal interface IDeadlineSweep
{
    string Subject { get; }

    /// <summary>Handles one batch of due items in one transaction; returns how many it handled (0 when nothing is due).</summary>
    Task<int> SweepOnceAsync(CancellationToken ct);

    /// <summary>Works one batch through the oldest open recompute job (a calendar or policy changed); 0 when none is open.</summary>
    Task<int> RecomputeOnceAsync(CancellationToken ct);
}

/// <summary>
/// Runs on every node: each tick drains what is due in batches, then one batch of recompute work, then waits the
/// sweep interval. Time comes from <see cref="TimeProvider"/>. Nodes never double a change (each sweep claims its
/// batch and checks versions) and never lose one (an uncommitted batch stays due).
/// </summary>
internal sealed class DeadlineSweeper(IServiceScopeFactory scopes, IOptions<DeadlineOptions> options, TimeProvider clock, ILogger<DeadlineSweeper> log)
    : PollingWorker(clock, log)
{
    protected override bool Enabled => options.Value.SweeperEnabled;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.SweepSeconds);

    protected override Task TickAsync(CancellationToken ct) => TickAsync(scopes, options.Value, ct);

    /// <summary>One tick of every module's sweep: due work until none is left, then a batch of recompute work.</summary>
    public static async Task TickAsync(IServiceScopeFactory scopes, DeadlineOptions o, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(o);
        string[] subjects;
        await using (var scope = scopes.CreateAsyncScope())
        {
            subjects = [.. scope.ServiceProvider.GetServices<IDeadlineSweep>().Select(s => s.Subject)];
        }
        foreach (var subject in subjects)
        {
            int handled;
            do
            {
                await using var scope = scopes.CreateAsyncScope();
                handled = await scope.ServiceProvider.GetServices<IDeadlineSweep>().Single(s => s.Subject == subject).SweepOnceAsync(ct);
            }
            while (handled >= o.SweepBatch && !ct.IsCancellationRequested);
            await using (var scope = scopes.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetServices<IDeadlineSweep>().Single(s => s.Subject == subject).RecomputeOnceAsync(ct);
            }
        }
    }
}
