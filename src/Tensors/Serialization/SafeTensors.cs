using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MultiMix.Tensors.Serialization;

/// <summary>
/// Reads and writes the safetensors format (an 8-byte little-endian header length, a JSON header naming each
/// tensor's dtype, shape and byte range, then the raw little-endian data), which is how weights move to and
/// from PyTorch. Reads F32, I32 and I64 (narrowed to int32); writes F32 and I32. Writes are atomic.
/// </summary>
public static class SafeTensors
{
    private const long MaxHeaderBytes = 100L * 1024 * 1024;

    public static (Dictionary<string, HostTensor> Tensors, Dictionary<string, string> Metadata) Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SafeTensorsFormatException($"{path}: cannot read ({e.Message}).");
        }
        return Parse(bytes, path);
    }

    public static (Dictionary<string, HostTensor> Tensors, Dictionary<string, string> Metadata) Parse(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.Length < 8) throw Fail(source, $"file is {bytes.Length} bytes, shorter than the 8-byte header length");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || (long)headerLength > bytes.Length - 8)
        {
            throw Fail(source, $"header length {headerLength} does not fit in a file of {bytes.Length} bytes (truncated?)");
        }
        var data = bytes[(8 + (int)headerLength)..];
        JsonObject header;
        try
        {
            header = JsonNode.Parse(bytes.Slice(8, (int)headerLength).ToArray()) as JsonObject ?? throw Fail(source, "header is not a JSON object");
        }
        catch (JsonException e)
        {
            throw Fail(source, $"header is not valid JSON ({e.Message})");
        }
        var tensors = new Dictionary<string, HostTensor>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                if (node is JsonObject meta)
                {
                    foreach (var (k, v) in meta) metadata[k] = v?.GetValue<string>() ?? "";
                }
                continue;
            }
            tensors[name] = ReadEntry(source, name, node as JsonObject ?? throw Fail(source, $"entry '{name}' is not an object"), data);
        }
        return (tensors, metadata);
    }

    private static HostTensor ReadEntry(string source, string name, JsonObject entry, ReadOnlySpan<byte> data)
    {
        var dtype = entry["dtype"]?.GetValue<string>() ?? throw Fail(source, $"tensor '{name}' has no dtype");
        var shape = (entry["shape"] as JsonArray ?? throw Fail(source, $"tensor '{name}' has no shape")).Select(d => d!.GetValue<int>()).ToArray();
        var offsets = entry["data_offsets"] as JsonArray ?? throw Fail(source, $"tensor '{name}' has no data_offsets");
        if (offsets.Count != 2) throw Fail(source, $"tensor '{name}' has {offsets.Count} data offsets, expected 2");
        long begin = offsets[0]!.GetValue<long>(), end = offsets[1]!.GetValue<long>();
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw Fail(source, $"tensor '{name}' has a negative dimension");
            count *= d;
        }
        var width = dtype switch
        {
            "F32" or "I32" => 4,
            "I64" => 8,
            _ => throw Fail(source, $"tensor '{name}' has dtype {dtype}; only F32, I32 and I64 are supported"),
        };
        if (begin < 0 || end < begin || end > data.Length)
        {
            throw Fail(source, $"tensor '{name}' spans bytes [{begin}, {end}) but the data section has {data.Length} bytes (truncated?)");
        }
        if (end - begin != count * width)
        {
            throw Fail(source, $"tensor '{name}' of shape [{string.Join(", ", shape)}] {dtype} needs {count * width} bytes, its range holds {end - begin}");
        }
        var raw = data[(int)begin..(int)end];
        switch (dtype)
        {
            case "F32":
                var f = new float[count];
                for (var i = 0; i < count; i++) f[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * 4)..]);
                return HostTensor.Of(f, shape);
            case "I32":
                var n = new int[count];
                for (var i = 0; i < count; i++) n[i] = BinaryPrimitives.ReadInt32LittleEndian(raw[(i * 4)..]);
                return HostTensor.Of(n, shape);
            default:
                var l = new int[count];
                for (var i = 0; i < count; i++) l[i] = checked((int)BinaryPrimitives.ReadInt64LittleEndian(raw[(i * 8)..]));
                return HostTensor.Of(l, shape);
        }
    }

    /// <summary>Serialises named tensors (in name order) with optional string metadata.</summary>
    public static byte[] Serialize(IReadOnlyDictionary<string, HostTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var meta = new JsonObject();
            foreach (var (k, v) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal)) meta[k] = v;
            header["__metadata__"] = meta;
        }
        long offset = 0;
        var ordered = tensors.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        foreach (var (name, t) in ordered)
        {
            var size = t.Count * 4;
            header[name] = new JsonObject
            {
                ["dtype"] = t.DType == DType.Float32 ? "F32" : "I32",
                ["shape"] = new JsonArray(t.Shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + size),
            };
            offset += size;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var pad = (8 - (json.Length % 8)) % 8;
        var result = new byte[8 + json.Length + pad + offset];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)(json.Length + pad));
        json.CopyTo(result, 8);
        result.AsSpan(8 + json.Length, pad).Fill((byte)' ');
        var at = 8 + json.Length + pad;
        foreach (var (_, t) in ordered)
        {
            for (var i = 0; i < t.Count; i++, at += 4)
            {
                if (t.Floats is not null) BinaryPrimitives.WriteSingleLittleEndian(result.AsSpan(at), t.Floats[i]);
                else BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(at), t.Ints![i]);
            }
        }
        return result;
    }

    /// <summary>Writes to a temporary file beside <paramref name="path"/> and renames it into place.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, HostTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var bytes = Serialize(tensors, metadata);
        var full = Path.GetFullPath(path);
        var temp = full + $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static SafeTensorsFormatException Fail(string source, string what) => new($"{source}: not a valid safetensors file: {what}.");
}
