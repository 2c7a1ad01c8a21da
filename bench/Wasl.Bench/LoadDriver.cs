using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Wasl.Bench;

/// <summary>
/// HTTP submit load: <c>POST /api/v1/requests</c> with a bearer API key, from N concurrent clients over HTTP/1.1
/// keep-alive, to a loopback address only. Bounded twice: it stops after the given seconds or the given number of
/// requests, whichever comes first, and gives up early when the first answers are errors.
/// </summary>
internal static class LoadDriver
{
    public sealed record Result(int Clients, double Seconds, int Ok, int Failed, double PerSecond, double MedianMs, double P99Ms, string? FirstError)
    {
        /// <summary>CPU milliseconds per successful request: the app process, the PostgreSQL cluster, this driver.</summary>
        public double? AppCpuMs { get; init; }
        public double? DbCpuMs { get; init; }
        public double DriverCpuMs { get; init; }
    }

    /// <summary>Where to read CPU time from (Linux /proc): the app's process id, the postmaster's, clock ticks per second.</summary>
    public sealed record CpuProbe(int? AppPid, int? PostmasterPid, int Hz);

    public static async Task<Result> RunAsync(Uri baseUrl, string apiKey, int clients, double seconds, int maxRequests, IReadOnlyList<int> unitIds, int warmup, CpuProbe probe)
    {
        if (!IPAddress.TryParse(baseUrl.Host, out var ip) || !IPAddress.IsLoopback(ip))
            throw new ArgumentException($"The load driver only sends to a loopback address, not {baseUrl.Host}.", nameof(baseUrl));
        var bodies = Bodies(4096, unitIds);
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = clients,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        using var http = new HttpClient(handler)
        {
            BaseAddress = baseUrl,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);

        // Warm-up (not measured): JIT, connection pools, plan caches on both sides.
        var next = 0;
        string? firstError = null;
        var failed = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= warmup)
            {
                var (ok, error) = await PostAsync(http, bodies[next % bodies.Length]);
                if (!ok && Interlocked.Increment(ref failed) == 1) firstError = error;
            }
        }));
        if (failed == warmup && warmup > 0) return new Result(clients, 0, 0, failed, 0, 0, 0, firstError);

        var latencies = new List<double>[clients];
        var okCount = 0;
        failed = 0;
        next = 0;
        var appBefore = ProcessTicks(probe.AppPid);
        var dbBefore = ClusterTicks(probe.PostmasterPid);
        var driverBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var mine = latencies[c] = new List<double>(8192);
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                var n = Interlocked.Increment(ref next);
                if (n > maxRequests) break;
                var start = Stopwatch.GetTimestamp();
                var (ok, error) = await PostAsync(http, bodies[n % bodies.Length]);
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (ok)
                {
                    mine.Add(ms);
                    Interlocked.Increment(ref okCount);
                }
                else if (Interlocked.Increment(ref failed) == 1)
                {
                    firstError = error;
                }
                // Mostly errors: stop rather than hammer a broken endpoint.
                if (failed > 50 && failed > okCount) break;
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        var driverCpu = (Process.GetCurrentProcess().TotalProcessorTime - driverBefore).TotalMilliseconds;
        double? PerRequest(long? before, long? after) => before is { } b && after is { } a && okCount > 0 ? (a - b) * 1000.0 / probe.Hz / okCount : null;
        var all = latencies.SelectMany(l => l).ToList();
        return new Result(clients, elapsed, okCount, failed, okCount / elapsed,
            QueryBench.Percentile(all, 0.5), QueryBench.Percentile(all, 0.99), firstError)
        {
            AppCpuMs = PerRequest(appBefore, ProcessTicks(probe.AppPid)),
            DbCpuMs = PerRequest(dbBefore, ClusterTicks(probe.PostmasterPid)),
            DriverCpuMs = okCount > 0 ? driverCpu / okCount : 0,
        };
    }

    /// <summary>utime + stime + cutime + cstime of a process, in clock ticks (fields 14–17 of /proc/PID/stat).</summary>
    private static long? ProcessTicks(int? pid, bool reapedChildren = true)
    {
        if (pid is null) return null;
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After "pid (comm) ", field 3 (state) is index 0, so field n is index n - 3.
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            if (reapedChildren) ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
            return ticks;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The cluster's CPU: the postmaster with its reaped children, plus every live child (backends, WAL writer, checkpointer).</summary>
    private static long? ClusterTicks(int? postmasterPid)
    {
        if (ProcessTicks(postmasterPid) is not { } total) return null;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == postmasterPid) total += ProcessTicks(pid, reapedChildren: false) ?? 0;
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
        }
        return total;
    }

    private static async Task<(bool Ok, string? Error)> PostAsync(HttpClient http, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        try
        {
            using var response = await http.PostAsync(new Uri("api/v1/requests", UriKind.Relative), content);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                await response.Content.LoadIntoBufferAsync();
                return (true, null);
            }
            var text = await response.Content.ReadAsStringAsync();
            return (false, $"{(int)response.StatusCode} {response.StatusCode}: {(text.Length > 400 ? text[..400] : text)}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (false, e.GetType().Name + ": " + e.Message);
        }
    }

    /// <summary>Request bodies of the API contract, with texts from the same vocabulary as the loaded data.</summary>
    private static byte[][] Bodies(int count, IReadOnlyList<int> unitIds)
    {
        var words = new Vocabulary(4242);
        var types = new[] { "Complaint", "Inquiry", "Suggestion", "Report" };
        var roles = new[] { "Parent", "Student", "Teacher", "Citizen" };
        return [.. Enumerable.Range(0, count).Select(i => JsonSerializer.SerializeToUtf8Bytes(new
        {
            type = types[words.Next(types.Length)],
            subject = words.Subject(),
            description = words.Description(common: words.Next(2) == 0, rare: false),
            unitId = unitIds[words.Next(unitIds.Count)],
            requester = new
            {
                name = words.PersonName(),
                mobile = words.Mobile(),
                nationalId = (string?)null,
                email = (string?)null,
                role = roles[words.Next(roles.Length)],
            },
        }))];
    }

    public static string Format(Result r) => string.Create(CultureInfo.InvariantCulture,
        $"clients={r.Clients} seconds={r.Seconds:F1} ok={r.Ok} failed={r.Failed} rps={r.PerSecond:F1} median_ms={r.MedianMs:F2} p99_ms={r.P99Ms:F2} app_cpu_ms={r.AppCpuMs:F2} db_cpu_ms={r.DbCpuMs:F2} driver_cpu_ms={r.DriverCpuMs:F2}")
        + (r.FirstError is null ? "" : " first_error=" + r.FirstError.ReplaceLineEndings(" "));

    public static string Tsv(Result r) => string.Create(CultureInfo.InvariantCulture,
        $"http\t{r.Clients}\t{r.PerSecond:F1}\t{r.MedianMs:F2}\t{r.P99Ms:F2}\t{r.Ok}\t{r.Failed}\t{r.Seconds:F1}\t{r.AppCpuMs:F2}\t{r.DbCpuMs:F2}\t{File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
}
