using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Wasl.Tests;

/// <summary>
/// A real S3-compatible server for tests: tests/Shared/s3-server.mjs (the npm package s3rver) run by node on a free
/// port of 127.0.0.1, with its objects in a folder of its own, so files travel over HTTP with signed requests the way
/// they do to a production object store. The script exits when its standard input closes, so it goes with this object
/// or with the test process, whichever ends first.
/// </summary>
/// <remarks>Never skips: a missing node or npm package throws with what to install, so under CI=true the test fails.</remarks>
public sealed class S3Server : IAsyncDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _errors = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<int> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _reader = Task.CompletedTask;

    private S3Server(Process process, string directory, string bucket)
    {
        _process = process;
        Directory = directory;
        Bucket = bucket;
    }

    public int Port { get; private set; }

    public string Bucket { get; }

    /// <summary>Where s3rver keeps its objects (one folder per bucket).</summary>
    public string Directory { get; }

    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    /// <summary>The settings that point an application at this server.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Files:Store"] = "S3",
        ["Files:S3:ServiceUrl"] = ServiceUrl,
        ["Files:S3:Bucket"] = Bucket,
        ["Files:S3:AccessKey"] = AccessKey,
        ["Files:S3:SecretKey"] = SecretKey,
        ["Files:S3:Region"] = "us-east-1",
        ["Files:S3:ForcePathStyle"] = "true",
        ["Files:S3:TimeoutSeconds"] = "5",
    };

    /// <summary>Every key in the bucket now, asked over the S3 API (ListObjectsV2), as any client would see it.</summary>
    public async Task<IReadOnlyList<string>> KeysAsync()
    {
        using var client = new AmazonS3Client(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
        {
            ServiceURL = ServiceUrl,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = Bucket };
        ListObjectsV2Response response;
        do
        {
            response = await client.ListObjectsV2Async(request);
            keys.AddRange((response.S3Objects ?? []).Select(o => o.Key));
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);
        return keys;
    }

    public static async Task<S3Server> StartAsync(string bucket = "wasl-files")
    {
        var root = RepositoryRoot();
        var script = Path.Combine(root, "tests", "Shared", "s3-server.mjs");
        if (!File.Exists(Path.Combine(root, "node_modules", "s3rver", "package.json")))
            throw new InvalidOperationException($"The test S3 server needs the npm package 's3rver' (a devDependency in package.json): run 'npm ci' in {root}.");
        var directory = Path.Combine(Path.GetTempPath(), "wasl-tests", "s3-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);

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
        psi.ArgumentList.Add(directory);
        psi.ArgumentList.Add(bucket);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("The test S3 server needs Node.js ('node' on PATH, version 20 or later; Debian: apt-get install nodejs npm): " + e.Message, e);
        }

        var server = new S3Server(process, directory, bucket);
        server._reader = Task.WhenAll(server.ReadOutputAsync(), server.ReadErrorsAsync());
        var exited = process.WaitForExitAsync();
        Task? first;
        try
        {
            first = await Task.WhenAny(server._listening.Task, exited).WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            first = null;
        }
        if (first == server._listening.Task)
        {
            server.Port = await server._listening.Task;
            return server;
        }
        var why = first == exited ? $"exited with code {process.ExitCode}" : $"did not report its port within {StartTimeout.TotalSeconds:0} s";
        await server.DisposeAsync();
        throw new InvalidOperationException($"The test S3 server ({script}) {why}. Its error output: {server.ErrorOutput()}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
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
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover folder under the temp directory is harmless.
        }
    }

    private async Task ReadOutputAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.TryGetProperty("listening", out var port))
                {
                    _listening.TrySetResult(port.GetInt32());
                    continue;
                }
            }
            catch (JsonException)
            {
                // Not ours: kept with the errors below.
            }
            lock (_gate) _errors.AppendLine("stdout: " + line);
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

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Wasl.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"Wasl.slnx was not found above {AppContext.BaseDirectory}.");
    }
}
