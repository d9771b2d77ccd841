using System;
using System.Collections.Generic;
using System.Reflection;

namespace NanoPhone.Sip.Tests.Load;

/// <summary>
/// The retained size of an object graph, walked by reflection: every sipua object reachable from
/// a root, with the arrays and strings they hold. Objects of other assemblies (the test's clock,
/// transport, event sink) are neither counted nor followed. Sizes follow a model, not the GC:
/// CoreClr64 (16-byte header, 8-byte references, fields packed, 8-byte alignment) for this
/// process, and NanoClr (nanoFramework on a 32-bit MCU: every object is one 12-byte heap block plus
/// one 12-byte block per field; an array is a 20-byte header plus its elements — 12 bytes per
/// reference — rounded up to 12-byte blocks; a string is a 16-byte header plus its UTF-8 bytes and
/// a terminating zero, rounded up) for the device. Deterministic, so it shows growth of a byte.
/// </summary>
public static class Footprint
{
    public enum Model { CoreClr64, NanoClr }

    public static readonly Assembly Sipua = typeof(NanoPhone.Sip.Agent.UserAgent).Assembly;

    /// <summary>The assemblies whose objects are counted and followed: sipua's, and what a test adds (the app's).</summary>
    public static readonly HashSet<Assembly> Counted = new() { Sipua };

    public sealed class Report
    {
        public long Bytes;
        public long Objects;
        /// <summary>
        /// Arrays held by transaction ByteStores: a slot's copy of its largest message so far, allocated
        /// on first use and grown (doubling) when a larger one comes — a bounded high-water mark, not
        /// a per-call cost. Included in Bytes.
        /// </summary>
        public long LazyBytes;
        public int LazyArrays;
        public int LargestLazyArray;
        public long FixedBytes => Bytes - LazyBytes;
        public readonly Dictionary<string, (long Count, long Bytes)> ByType = new();

        public void Add(string type, long bytes)
        {
            Bytes += bytes;
            Objects++;
            ByType.TryGetValue(type, out var v);
            ByType[type] = (v.Count + 1, v.Bytes + bytes);
        }
    }

    public static long Size(object root, Model model = Model.CoreClr64) => Walk(root, model).Bytes;

    public static Report Walk(object root, Model model = Model.CoreClr64, Func<object, bool>? stop = null)
    {
        var report = new Report();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var todo = new Stack<object>();
        var arrays = new Dictionary<object, long>(ReferenceEqualityComparer.Instance);
        var lazy = new HashSet<object>(ReferenceEqualityComparer.Instance);
        todo.Push(root);
        while (todo.Count > 0)
        {
            object o = todo.Pop();
            if (!seen.Add(o)) continue;
            Type t = o.GetType();
            if (t == typeof(string))
            {
                report.Add("string", StringSize((string)o, model));
                continue;
            }
            if (t.IsArray)
            {
                var a = (Array)o;
                Type e = t.GetElementType()!;
                long size = ArraySize(e, a.Length, model);
                report.Add(e.Name + "[]", size);
                arrays[o] = size;
                if (!e.IsValueType)
                {
                    foreach (object? x in a)
                    {
                        if (x != null && Follow(x, stop)) todo.Push(x);
                    }
                }
                continue;
            }
            if (!Counted.Contains(t.Assembly)) continue;
            var fields = InstanceFields(t);
            report.Add(t.Name, ObjectSize(fields, model));
            foreach (FieldInfo f in fields)
            {
                if (f.FieldType.IsValueType) continue;
                object? v = f.GetValue(o);
                if (v == null) continue;
                if (t.Name == "ByteStore") lazy.Add(v);
                if (Follow(v, stop)) todo.Push(v);
            }
        }
        foreach (object a in lazy)
        {
            if (!arrays.TryGetValue(a, out long size)) continue;
            report.LazyBytes += size;
            report.LazyArrays++;
            report.LargestLazyArray = Math.Max(report.LargestLazyArray, ((Array)a).Length);
        }
        return report;
    }

    /// <summary>
    /// Every array and string reachable from root (and every object, with objects), keyed by its
    /// shortest field path ("UserAgent.Layer._pool._slots[3].Message._data"), with its size: diff
    /// two of them to see exactly what grew, or sum them by prefix to see what a part costs.
    /// </summary>
    public static Dictionary<string, long> Paths(object root, Model model = Model.CoreClr64, Func<object, bool>? stop = null, bool objects = false)
    {
        var result = new Dictionary<string, long>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var todo = new Queue<(object, string)>();
        todo.Enqueue((root, root.GetType().Name));
        while (todo.Count > 0)
        {
            var (o, path) = todo.Dequeue();
            if (!seen.Add(o)) continue;
            Type t = o.GetType();
            if (t == typeof(string)) { result[path] = StringSize((string)o, model); continue; }
            if (t.IsArray)
            {
                var a = (Array)o;
                Type e = t.GetElementType()!;
                result[path] = ArraySize(e, a.Length, model);
                if (!e.IsValueType)
                {
                    for (int i = 0; i < a.Length; i++)
                    {
                        object? x = a.GetValue(i);
                        if (x != null && Follow(x, stop)) todo.Enqueue((x, path + "[" + i + "]"));
                    }
                }
                continue;
            }
            if (!Counted.Contains(t.Assembly)) continue;
            if (objects) result[path] = ObjectSize(InstanceFields(t), model);
            foreach (FieldInfo f in InstanceFields(t))
            {
                if (f.FieldType.IsValueType) continue;
                object? v = f.GetValue(o);
                if (v != null && Follow(v, stop)) todo.Enqueue((v, path + "." + f.Name.Replace("<", "").Replace(">k__BackingField", "")));
            }
        }
        return result;
    }

    /// <summary>Lines "path: before → after B" for every array or string that is new, gone or resized.</summary>
    public static List<string> Diff(Dictionary<string, long> before, Dictionary<string, long> after)
    {
        var lines = new List<string>();
        foreach (var kv in after)
        {
            if (!before.TryGetValue(kv.Key, out long b)) lines.Add(kv.Key + ": new, " + kv.Value + " B");
            else if (b != kv.Value) lines.Add(kv.Key + ": " + b + " → " + kv.Value + " B");
        }
        foreach (var kv in before)
        {
            if (!after.ContainsKey(kv.Key)) lines.Add(kv.Key + ": gone, was " + kv.Value + " B");
        }
        return lines;
    }

    private static bool Follow(object o, Func<object, bool>? stop)
    {
        if (stop != null && stop(o)) return false;
        Type t = o.GetType();
        return t == typeof(string) || t.IsArray || Counted.Contains(t.Assembly);
    }

    private static readonly Dictionary<Type, List<FieldInfo>> Fields = new();

    public static List<FieldInfo> InstanceFields(Type t)
    {
        lock (Fields)
        {
            if (Fields.TryGetValue(t, out var list)) return list;
            list = new List<FieldInfo>();
            for (Type? c = t; c != null && c != typeof(object); c = c.BaseType)
                list.AddRange(c.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly));
            Fields[t] = list;
            return list;
        }
    }

    private static int PrimitiveSize(Type t)
    {
        if (t.IsEnum) t = Enum.GetUnderlyingType(t);
        if (t == typeof(byte) || t == typeof(sbyte) || t == typeof(bool)) return 1;
        if (t == typeof(short) || t == typeof(ushort) || t == typeof(char)) return 2;
        if (t == typeof(int) || t == typeof(uint) || t == typeof(float)) return 4;
        return 8;   // long, ulong, double, references (64-bit)
    }

    private static long Align(long n, long a) => (n + a - 1) / a * a;

    public static long ObjectSize(List<FieldInfo> fields, Model model)
    {
        if (model == Model.NanoClr) return 12L * (1 + fields.Count);
        long body = 0;
        foreach (FieldInfo f in fields) body += f.FieldType.IsValueType ? PrimitiveSize(f.FieldType) : 8;
        return Math.Max(24, Align(16 + body, 8));
    }

    public static long ArraySize(Type element, int length, Model model)
    {
        if (model == Model.NanoClr)
        {
            int each = element.IsValueType ? PrimitiveSize(element) : 12;
            return Align(20 + (long)each * length, 12);
        }
        return Align(24 + (long)(element.IsValueType ? PrimitiveSize(element) : 8) * length, 8);
    }

    public static long StringSize(string s, Model model)
    {
        if (model == Model.NanoClr) return Align(16 + System.Text.Encoding.UTF8.GetByteCount(s) + 1, 12);
        return Align(22 + 2L * s.Length, 8);
    }

    /// <summary>
    /// The live heap after a full blocking, compacting collection: the process's, so the load tests
    /// run alone. The smallest of a few samples, so an object another thread (the test runner's
    /// reporting) holds for a moment does not count.
    /// </summary>
    public static long Heap()
    {
        long least = long.MaxValue;
        for (int sample = 0; sample < 5; sample++)
        {
            if (sample > 0) System.Threading.Thread.Sleep(10);
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            least = Math.Min(least, GC.GetTotalMemory(true));
        }
        return least;
    }

    /// <summary>
    /// The heap to compare with later: the higher of two Heap() readings half a second apart, so a
    /// moment when the runner happened to hold less than usual does not become the baseline.
    /// </summary>
    public static long Baseline()
    {
        long first = Heap();
        System.Threading.Thread.Sleep(500);
        return Math.Max(first, Heap());
    }

    /// <summary>
    /// Heap(), measured again after a pause when it is not within ±1 % of baseline: an object the
    /// runner's threads hold for a while (result messages and captured output on their way to the
    /// test host, slow to drain on a loaded machine) is not the phone's. Up to about 6 s.
    /// </summary>
    public static long HeapNear(long baseline)
    {
        long heap = Heap();
        for (int retry = 0; retry < 12 && Math.Abs(heap - baseline) > baseline / 100; retry++)
        {
            System.Threading.Thread.Sleep(500);
            heap = Math.Min(heap, Heap());
        }
        return heap;
    }
}
