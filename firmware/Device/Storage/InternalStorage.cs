using System.IO;
using NanoPhone.App.Config;

namespace NanoPhone.Device.Storage;

/// <summary>
/// The configuration's storage on the device: files on the internal flash drive I:\
/// (nanoFramework.System.IO.FileSystem), by plain file name. A write is flushed before it returns.
/// nanoFramework's File.Move refuses an existing destination, so <see cref="Replace"/> deletes the
/// old file first, then moves; ConfigStore.Load finishes a save stopped in between (it takes the
/// complete new file). flash.ps1 deploys the first file to the same place.
/// </summary>
public sealed class InternalStorage : IConfigStorage
{
    /// <summary>The internal flash drive of nanoFramework's ESP32 targets.</summary>
    public const string Drive = "I:\\";

    private readonly string _root;

    public InternalStorage(string root)
    {
        _root = root;
    }

    public byte[] ReadAll(string name)
    {
        string path = PathOf(name);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    public void WriteAll(string name, byte[] data)
    {
        using (FileStream stream = new FileStream(PathOf(name), FileMode.Create, FileAccess.Write))
        {
            stream.Write(data, 0, data.Length);
            stream.Flush();
        }
    }

    public void Replace(string tmpName, string name)
    {
        string target = PathOf(name);
        if (File.Exists(target)) File.Delete(target);
        File.Move(PathOf(tmpName), target);
    }

    public void Delete(string name)
    {
        string path = PathOf(name);
        if (File.Exists(path)) File.Delete(path);
    }

    /// <summary>Names are plain file names: no drive, no folders, so nothing else on I:\ is touched.</summary>
    private string PathOf(string name)
    {
        if (name == null || name.Length == 0 || name == "." || name == ".."
            || name.IndexOf('\\') >= 0 || name.IndexOf('/') >= 0 || name.IndexOf(':') >= 0)
        {
            throw new System.ArgumentException("not a plain file name", "name");
        }
        return _root + name;
    }
}
