namespace Wasl.Web.Platform.Operations;

/// <summary>
/// A loop that runs on every node: a tick at once, then one after each interval (time from <see cref="TimeProvider"/>).
/// A failed tick is logged and the next one comes; the work itself must be safe with several nodes ticking at once.
/// </summary>
internal abstract class PollingWorker(TimeProvider clock, ILogger log) : BackgroundService
{
    protected abstract bool Enabled { get; }

    protected abstract TimeSpan Interval { get; }

    protected abstract Task TickAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "{Worker} failed; trying again after {Interval}", GetType().Name, Interval);
            }
            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
