using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace Wasl.Web.Platform.Files;

/// <summary>
/// Files in a bucket of an S3-compatible object store, so that every node serves every file (docs/adr/0011). Objects
/// are named by the store's random key only and written in one PUT: S3 makes an object visible only when its upload is
/// complete, so a reader never sees half a file. Contents stream through (the SDK reads a seekable stream twice over
/// plain HTTP, once to sign its hash, then to send it); nothing is buffered whole here. A store that cannot be reached, times out or
/// refuses our credentials throws <see cref="FileStoreUnavailableException"/>, logged here once.
/// </summary>
internal sealed class S3FileStore : IFileStore, IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly string _bucket;
    private readonly long _maxBytes;
    private readonly ILogger<S3FileStore> _logger;

    public S3FileStore(IOptions<FilesOptions> options, ILogger<S3FileStore> logger)
    {
        var files = options.Value;
        var s3 = files.S3;
        _bucket = s3.Bucket!;
        _maxBytes = files.MaxFileBytes;
        _logger = logger;
        var timeout = TimeSpan.FromSeconds(s3.TimeoutSeconds);
        _client = new AmazonS3Client(new BasicAWSCredentials(s3.AccessKey, s3.SecretKey), new AmazonS3Config
        {
            ServiceURL = s3.ServiceUrl,
            AuthenticationRegion = s3.Region,
            ForcePathStyle = s3.ForcePathStyle,
            Timeout = timeout,
            ConnectTimeout = timeout,
            MaxErrorRetry = 2,
            // Checksums only where S3 requires them: self-hosted stores do not all know the newer trailing-checksum
            // uploads, and the attachment row keeps its own SHA-256 anyway.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
    }

    public async Task<string> SaveAsync(Stream content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        // The upload needs its length before the first byte (S3 has no "until the end"); ASP.NET Core's form files are seekable.
        if (!content.CanSeek) throw new ArgumentException("The S3 store needs a seekable stream.", nameof(content));
        var length = content.Length - content.Position;
        // The store holds no more than a file may be, whoever calls it.
        if (length > _maxBytes) throw new ArgumentException($"The content ({length} bytes) is larger than Files:MaxFileBytes ({_maxBytes}).", nameof(content));
        var key = StorageKeys.New();
        await CallAsync("store", key, async () =>
        {
            await _client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _bucket,
                Key = key,
                InputStream = content,
                AutoCloseStream = false,
                AutoResetStreamPosition = false,
                ContentType = "application/octet-stream",
                // One signed body rather than aws-chunked framing, which not every S3-compatible store decodes
                // (s3rver stores the frames); the SDK hashes the seekable stream first, then sends it.
                UseChunkEncoding = false,
                Headers = { ContentLength = length },
            }, ct);
            return 0;
        }, ct);
        return key;
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        if (!StorageKeys.IsKey(key)) return null;
        return await CallAsync<Stream?>("read", key, async () =>
        {
            try
            {
                var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = key }, ct);
                return new ResponseStream(response);
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        }, ct);
    }

    public async Task DeleteAsync(string key, CancellationToken ct)
    {
        if (!StorageKeys.IsKey(key)) return;
        // S3 answers a delete of a missing object with success: "already gone" is not an error here either.
        await CallAsync("delete", key, async () => await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = key }, ct), ct);
    }

    public void Dispose() => _client.Dispose();

    private async Task<T> CallAsync<T>(string what, string key, Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException
            || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            _logger.LogError(e, "The S3 file store could not {Operation} object {Key} in bucket {Bucket}", what, key, _bucket);
            throw new FileStoreUnavailableException($"The S3 file store could not {what} an object.", e);
        }
    }

    /// <summary>The object's body; disposing it releases the HTTP response (and its connection) too.</summary>
    private sealed class ResponseStream(GetObjectResponse response) : Stream
    {
        private readonly Stream _inner = response.ResponseStream;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => response.ContentLength;

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
                response.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
