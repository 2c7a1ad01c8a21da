using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace Wasl.Web.Platform.Files;

/// <summary>What a virus scan found: nothing (<see cref="Threat"/> null) or the name of what it found.</summary>
internal sealed record ScanVerdict(string? Threat)
{
    public static readonly ScanVerdict Clean = new((string?)null);

    public bool IsClean => Threat is null;
}

/// <summary>
/// Looks at every uploaded file before it is accepted (before it is stored or recorded). A scanner that cannot answer
/// throws <see cref="FileStoreUnavailableException"/>: the upload is then refused, never let through unscanned.
/// </summary>
internal interface IFileScanner
{
    /// <summary>Reads the stream from its start; the stream must be seekable and is left at its start.</summary>
    Task<ScanVerdict> ScanAsync(Stream content, CancellationToken ct);
}

/// <summary>Files:Scanner = None (the default): every file passes.</summary>
internal sealed class NoFileScanner : IFileScanner
{
    public Task<ScanVerdict> ScanAsync(Stream content, CancellationToken ct) => Task.FromResult(ScanVerdict.Clean);
}

/// <summary>
/// ClamAV's daemon over TCP with its INSTREAM command: "zINSTREAM\0", then the content in chunks each preceded by its
/// length as 4 bytes big-endian, then a zero length; clamd answers "stream: OK" or "stream: NAME FOUND" (then \0).
/// A refused connection, a timeout, or any other answer (e.g. "INSTREAM size limit exceeded. ERROR", when clamd's
/// StreamMaxLength is below Files:MaxFileBytes) fails closed. One connection per scan: clamd closes it after INSTREAM.
/// </summary>
internal sealed class ClamdFileScanner(IOptions<FilesOptions> options, ILogger<ClamdFileScanner> logger) : IFileScanner
{
    private const int ChunkBytes = 64 * 1024;
    private const int MaxReplyBytes = 4096;

    public async Task<ScanVerdict> ScanAsync(Stream content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var clamd = options.Value.Clamd;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(clamd.TimeoutSeconds));
        string reply;
        try
        {
            reply = await ExchangeAsync(clamd, content, timeout.Token);
        }
        catch (Exception e) when (e is SocketException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            logger.LogError(e, "The virus scanner (clamd at {Host}:{Port}) did not answer; the upload is refused", clamd.Host, clamd.Port);
            throw new FileStoreUnavailableException("The virus scanner did not answer.", e);
        }
        finally
        {
            content.Position = 0;
        }
        if (reply == "stream: OK") return ScanVerdict.Clean;
        if (reply.StartsWith("stream: ", StringComparison.Ordinal) && reply.EndsWith(" FOUND", StringComparison.Ordinal))
        {
            var threat = reply["stream: ".Length..^" FOUND".Length].Trim();
            logger.LogWarning("The virus scanner found {Threat} in an upload; it is refused", threat);
            return new ScanVerdict(threat.Length == 0 ? "unknown" : threat);
        }
        logger.LogError("The virus scanner (clamd at {Host}:{Port}) answered {Reply}; the upload is refused", clamd.Host, clamd.Port, reply);
        throw new FileStoreUnavailableException("The virus scanner could not scan the file.");
    }

    private static async Task<string> ExchangeAsync(ClamdOptions clamd, Stream content, CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(clamd.Host, clamd.Port, ct);
        await using var socket = client.GetStream();
        await socket.WriteAsync("zINSTREAM\0"u8.ToArray(), ct);
        content.Position = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(4 + ChunkBytes);
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(4, ChunkBytes), ct)) > 0)
            {
                BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)read);
                await socket.WriteAsync(buffer.AsMemory(0, 4 + read), ct);
            }
            BinaryPrimitives.WriteUInt32BigEndian(buffer, 0);
            await socket.WriteAsync(buffer.AsMemory(0, 4), ct);
            await socket.FlushAsync(ct);

            // The answer ends with \0 (the "z" form) or when clamd closes the connection.
            var length = 0;
            while (length < MaxReplyBytes && (read = await socket.ReadAsync(buffer.AsMemory(length, MaxReplyBytes - length), ct)) > 0)
            {
                length += read;
                if (Array.IndexOf(buffer, (byte)0, length - read, read) >= 0) break;
            }
            var end = Array.IndexOf(buffer, (byte)0, 0, length);
            return Encoding.ASCII.GetString(buffer, 0, end < 0 ? length : end).Trim();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
