using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Wasl.Tests;

/// <summary>
/// A stand-in for ClamAV's daemon, speaking its real INSTREAM protocol over TCP on a free port of 127.0.0.1:
/// "zINSTREAM\0" (or "nINSTREAM\n"), chunks each preceded by a 4-byte big-endian length, a zero-length terminator;
/// it answers "stream: Eicar-Test-Signature FOUND" when the content holds the EICAR test string and "stream: OK"
/// otherwise. A real clamd cannot run here: Debian's clamav-daemon refuses to start without a signature database,
/// and freshclam cannot download one (docs/adr/0011).
/// </summary>
public sealed class ClamdStandIn : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _scans;

    public ClamdStandIn()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    /// <summary>How many streams it has scanned.</summary>
    public int Scans => Volatile.Read(ref _scans);

    /// <summary>The settings that point an application at this scanner.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Files:Scanner"] = "Clamd",
        ["Files:Clamd:Host"] = "127.0.0.1",
        ["Files:Clamd:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Files:Clamd:TimeoutSeconds"] = "5",
    };

    /// <summary>The EICAR anti-virus test file, assembled here so that the repository never holds it in one piece.</summary>
    public static byte[] Eicar() => Encoding.ASCII.GetBytes(string.Concat(
        @"X5O!P%@AP[4\PZX54(P^)7CC)7}$", "EICAR-STANDARD-", "ANTIVIRUS-TEST-", "FILE!$H+H*"));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var command = new List<byte>();
            var one = new byte[1];
            while (await stream.ReadAsync(one) == 1 && one[0] is not (0 or (byte)'\n')) command.Add(one[0]);
            var text = Encoding.ASCII.GetString([.. command]);
            var terminator = text.StartsWith('z') ? "\0" : "\n";
            if (text is not ("zINSTREAM" or "nINSTREAM"))
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes("UNKNOWN COMMAND" + terminator));
                return;
            }
            using var content = new MemoryStream();
            var header = new byte[4];
            while (true)
            {
                await stream.ReadExactlyAsync(header);
                var length = (int)BinaryPrimitives.ReadUInt32BigEndian(header);
                if (length == 0) break;
                var chunk = new byte[length];
                await stream.ReadExactlyAsync(chunk);
                content.Write(chunk);
            }
            Interlocked.Increment(ref _scans);
            var found = content.ToArray().AsSpan().IndexOf(Eicar()) >= 0;
            await stream.WriteAsync(Encoding.ASCII.GetBytes((found ? "stream: Eicar-Test-Signature FOUND" : "stream: OK") + terminator));
        }
    }
}
