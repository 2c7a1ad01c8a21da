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
    public sealed record Result(int Clients, double Seconds, int Ok, int Failed, double PerSecond, double MedianMs, double P99Ms, string? FirstError);

    public static async Task<Result> RunAsync(Uri baseUrl, string apiKey, int clients, double seconds, int maxRequests, IReadOnlyList<int> unitIds, int warmup)
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
        var all = latencies.SelectMany(l => l).ToList();
        return new Result(clients, elapsed, okCount, failed, okCount / elapsed,
            QueryBench.Percentile(all, 0.5), QueryBench.Percentile(all, 0.99), firstError);
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
        $"clients={r.Clients} seconds={r.Seconds:F1} ok={r.Ok} failed={r.Failed} rps={r.PerSecond:F1} median_ms={r.MedianMs:F2} p99_ms={r.P99Ms:F2}")
        + (r.FirstError is null ? "" : " first_error=" + r.FirstError.ReplaceLineEndings(" "));

    public static string Tsv(Result r) => string.Create(CultureInfo.InvariantCulture,
        $"http\t{r.Clients}\t{r.PerSecond:F1}\t{r.MedianMs:F2}\t{r.P99Ms:F2}\t{r.Ok}\t{r.Failed}\t{r.Seconds:F1}");
}
