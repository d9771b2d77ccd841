namespace NanoPhone.Bench.Nano;

/// <summary>The runtime's free managed heap after a full, compacting collection (nanoCLR: nanoFramework.Runtime.Native.GC.Run(true)).</summary>
public interface IHeapProbe
{
    long FreeBytesAfterCollection();
}
