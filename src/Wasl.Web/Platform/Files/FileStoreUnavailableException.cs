namespace Wasl.Web.Platform.Files;

/// <summary>
/// The file store or the virus scanner could not be reached or did not answer in time. Nothing was accepted; the person
/// sees a localized "try again later" (the error page answers 503), never the exception. An IOException, so that code
/// which already tolerates a failed clean-up of the disk store tolerates this one too.
/// </summary>
internal sealed class FileStoreUnavailableException : IOException
{
    public FileStoreUnavailableException()
    {
    }

    public FileStoreUnavailableException(string message)
        : base(message)
    {
    }

    public FileStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
