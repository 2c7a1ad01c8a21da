using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Wasl.Tests;

/// <summary>
/// A real SMTP server for one test: tests/Shared/smtp-sink.mjs (the npm packages smtp-server and mailparser) run
/// by node, so mail is sent over a socket and read back the way a mail client decodes it, not captured in memory.
/// Recipients starting with "fail-" get a temporary 451 and "reject-" a permanent 550. The script exits when its
/// standard input closes, so it goes with this object or with the test process, whichever ends first.
/// </summary>
/// <remarks>
/// Never skips: a missing node or npm package throws with what to install, so under CI=true the test fails.
/// </remarks>
public sealed class SmtpSink : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<ReceivedMail> _messages = [];
    private readonly StringBuilder _errors = new();
    private readonly TaskCompletionSource<int> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _reader = Task.CompletedTask;

    private SmtpSink(Process process) => _process = process;

    /// <summary>The port on 127.0.0.1 the sink listens on.</summary>
    public int Port { get; private set; }

    /// <summary>Every message received so far, in order of arrival.</summary>
    public IReadOnlyList<ReceivedMail> Messages
    {
        get
        {
            lock (_gate) return [.. _messages];
        }
    }

    public static async Task<SmtpSink> StartAsync()
    {
        var root = RepositoryRoot();
        var script = Path.Combine(root, "tests", "Shared", "smtp-sink.mjs");
        foreach (var package in new[] { "smtp-server", "mailparser" })
        {
            if (!File.Exists(Path.Combine(root, "node_modules", package, "package.json")))
                throw new InvalidOperationException(
                    $"The test SMTP sink needs the npm package '{package}' (a devDependency in package.json): run 'npm ci' in {root}.");
        }

        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add("0");

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                "The test SMTP sink needs Node.js ('node' on PATH, version 20 or later; Debian: apt-get install nodejs npm): " + e.Message, e);
        }

        var sink = new SmtpSink(process);
        sink._reader = Task.WhenAll(sink.ReadOutputAsync(), sink.ReadErrorsAsync());
        var exited = process.WaitForExitAsync();
        Task? first;
        try
        {
            first = await Task.WhenAny(sink._listening.Task, exited).WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            first = null;
        }
        if (first == sink._listening.Task)
        {
            sink.Port = await sink._listening.Task;
            return sink;
        }

        var why = first == exited ? $"exited with code {process.ExitCode}" : $"did not report its port within {StartTimeout.TotalSeconds:0} s";
        await sink.DisposeAsync();
        throw new InvalidOperationException($"The test SMTP sink ({script}) {why}. Its error output: {sink.ErrorOutput()}");
    }

    /// <summary>
    /// The first received message that matches, waiting for it up to <paramref name="timeout"/>; the timeout's
    /// message lists what did arrive, which is usually the quickest way to see why a test failed.
    /// </summary>
    public async Task<ReceivedMail> WaitForAsync(Func<ReceivedMail, bool> match, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                var found = _messages.FirstOrDefault(match);
                if (found is not null) return found;
                arrived = _arrived.Task;
            }
            var left = timeout - deadline.Elapsed;
            if (left <= TimeSpan.Zero || await Task.WhenAny(arrived, Task.Delay(left)) != arrived)
                break;
        }

        var received = Messages;
        var list = received.Count == 0
            ? "nothing"
            : string.Join("; ", received.Select(m => $"to {string.Join(", ", m.To)}: \"{m.Subject}\""));
        throw new TimeoutException(
            $"No matching mail reached the test SMTP sink within {timeout.TotalSeconds:0.#} s. It received {received.Count}: {list}. "
            + $"Its error output: {ErrorOutput()}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Closing standard input is the sink's signal to stop.
            _process.StandardInput.Close();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        await _reader;
        _process.Dispose();
    }

    private async Task ReadOutputAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            ReceivedMail? mail;
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.TryGetProperty("listening", out var port))
                {
                    _listening.TrySetResult(port.GetInt32());
                    continue;
                }
                mail = doc.RootElement.Deserialize<ReceivedMail>(Json);
            }
            catch (JsonException)
            {
                mail = null;
            }
            // Anything else on stdout is kept with the errors, to show up in a failing test's message.
            if (mail is null)
            {
                lock (_gate) _errors.AppendLine("stdout: " + line);
                continue;
            }
            lock (_gate)
            {
                _messages.Add(mail);
                var arrived = _arrived;
                _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                arrived.SetResult();
            }
        }
    }

    private async Task ReadErrorsAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
            lock (_gate) _errors.AppendLine(line);
    }

    private string ErrorOutput()
    {
        lock (_gate) return _errors.Length == 0 ? "(none)" : _errors.ToString().Trim();
    }

    /// <summary>The folder holding Wasl.slnx, found upwards from the test assembly.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Wasl.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"Wasl.slnx was not found above {AppContext.BaseDirectory}.");
    }
}

/// <summary>One message as the sink decoded it (mailparser): headers decoded, bodies in text and HTML.</summary>
/// <param name="To">The envelope recipients (RCPT TO) that were accepted.</param>
/// <param name="ContentType">The top part's content type without parameters, e.g. "multipart/alternative".</param>
/// <param name="Parts">Every MIME part's content type, depth first, starting with the top one.</param>
public sealed record ReceivedMail(
    string? From,
    string? FromName,
    string? EnvelopeFrom,
    IReadOnlyList<string> To,
    string? Subject,
    string? Text,
    string? Html,
    string? MessageId,
    string? ContentType,
    IReadOnlyList<string> Parts);
