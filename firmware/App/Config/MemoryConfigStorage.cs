namespace NanoPhone.App.Config;

/// <summary>
/// Files in memory, for tests and a simulator without a disk. It can simulate a power loss: the
/// write that reaches byte <see cref="CutWriteAt"/> keeps only the bytes before it and throws
/// <see cref="SimulatedPowerLossException"/>; with <see cref="TwoStepReplace"/> a replace deletes
/// the old file and renames as two steps, and <see cref="CutInReplace"/> stops between them.
/// </summary>
public sealed class MemoryConfigStorage : IConfigStorage
{
    private string[] _names = NanoPhone.Sip.Text.Strings.NewArray(4);
    private byte[][] _contents = new byte[4][];
    private int _count;

    /// <summary>Byte offset at which the next write is cut; -1 (the default) for no cut.</summary>
    public int CutWriteAt { get; set; } = -1;

    /// <summary>Replace deletes the old file, then renames (as FAT-like file systems must).</summary>
    public bool TwoStepReplace { get; set; }

    /// <summary>The next two-step replace stops after deleting the old file.</summary>
    public bool CutInReplace { get; set; }

    /// <summary>How many writes and replaces have completed.</summary>
    public int Operations { get; private set; }

    public byte[] ReadAll(string name)
    {
        int i = Find(name);
        if (i < 0) return null;
        byte[] copy = new byte[_contents[i].Length];
        System.Array.Copy(_contents[i], copy, copy.Length);
        return copy;
    }

    public void WriteAll(string name, byte[] data)
    {
        int keep = CutWriteAt >= 0 && CutWriteAt < data.Length ? CutWriteAt : data.Length;
        byte[] copy = new byte[keep];
        System.Array.Copy(data, copy, keep);
        Put(name, copy);
        if (keep < data.Length)
        {
            CutWriteAt = -1;
            throw new SimulatedPowerLossException("power lost after " + keep + " of " + data.Length + " bytes");
        }
        Operations++;
    }

    public void Replace(string tmpName, string name)
    {
        int t = Find(tmpName);
        if (t < 0) throw new System.InvalidOperationException("no file " + tmpName);
        byte[] data = _contents[t];
        if (TwoStepReplace)
        {
            Delete(name);
            if (CutInReplace)
            {
                CutInReplace = false;
                throw new SimulatedPowerLossException("power lost between delete and rename");
            }
        }
        Delete(tmpName);
        Put(name, data);
        Operations++;
    }

    public void Delete(string name)
    {
        int i = Find(name);
        if (i < 0) return;
        _count--;
        _names[i] = _names[_count];
        _contents[i] = _contents[_count];
        _names[_count] = null;
        _contents[_count] = null;
    }

    /// <summary>Stores bytes directly, e.g. a hand-written file.</summary>
    public void Put(string name, byte[] data)
    {
        int i = Find(name);
        if (i < 0)
        {
            if (_count == _names.Length) Grow();
            i = _count++;
            _names[i] = name;
        }
        _contents[i] = data;
    }

    public bool Exists(string name) { return Find(name) >= 0; }

    private int Find(string name)
    {
        for (int i = 0; i < _count; i++) if (_names[i] == name) return i;
        return -1;
    }

    private void Grow()
    {
        string[] names = NanoPhone.Sip.Text.Strings.NewArray(_names.Length * 2);
        byte[][] contents = new byte[_names.Length * 2][];
        System.Array.Copy(_names, names, _count);
        System.Array.Copy(_contents, contents, _count);
        _names = names;
        _contents = contents;
    }
}
