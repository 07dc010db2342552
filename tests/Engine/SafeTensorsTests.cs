using System.Buffers.Binary;
using System.Text;
using MultiMix.Tensors.Serialization;
using Xunit;

namespace MultiMix.Tests.Engine;

public sealed class SafeTensorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mm-st-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Dictionary<string, HostTensor> Sample() => new()
    {
        ["encoder.fc.weight"] = HostTensor.Of([1.5f, -2f, 3.25f, float.Epsilon, -0f, 7f], 2, 3),
        ["labels"] = HostTensor.Of([3, -1, 0], 3),
        ["scalar"] = HostTensor.Of([42f]),
    };

    [Fact]
    public void Round_trip_keeps_names_shapes_values_and_metadata()
    {
        var path = Path.Combine(_dir, "w.safetensors");
        SafeTensors.Write(path, Sample(), new Dictionary<string, string> { ["epoch"] = "3" });
        var (tensors, meta) = SafeTensors.Read(path);
        Assert.Equal("3", meta["epoch"]);
        Assert.Equal(Sample().Keys.Order(), tensors.Keys.Order());
        foreach (var (name, t) in Sample())
        {
            Assert.Equal(t.Shape, tensors[name].Shape);
            Assert.Equal(t.Floats, tensors[name].Floats);
            Assert.Equal(t.Ints, tensors[name].Ints);
        }
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp-*"));
    }

    [Fact]
    public void Header_is_padded_to_eight_bytes_as_the_format_expects()
    {
        var bytes = SafeTensors.Serialize(Sample());
        Assert.Equal(0UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes) % 8);
    }

    [Fact]
    public void Reads_int64_tensors_as_written_by_pytorch()
    {
        var header = Encoding.UTF8.GetBytes("{\"idx\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}");
        var bytes = new byte[8 + header.Length + 16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8 + header.Length), 5);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(16 + header.Length), -7);
        Assert.Equal([5, -7], SafeTensors.Parse(bytes, "mem").Tensors["idx"].Ints!);
    }

    public static TheoryData<string, string> Corruptions => new()
    {
        { "truncated_data", "truncated" },
        { "short_file", "shorter than" },
        { "huge_header", "does not fit" },
        { "bad_json", "not valid JSON" },
        { "wrong_size", "needs" },
        { "bad_dtype", "only F32" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Corrupt_files_are_rejected_with_a_message_naming_the_file(string corruption, string expected)
    {
        var good = SafeTensors.Serialize(Sample());
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(good);
        var header = Encoding.UTF8.GetString(good, 8, headerLength);
        byte[] WithHeader(string h)
        {
            var hb = Encoding.UTF8.GetBytes(h);
            var b = new byte[8 + hb.Length + good.Length - 8 - headerLength];
            BinaryPrimitives.WriteUInt64LittleEndian(b, (ulong)hb.Length);
            hb.CopyTo(b, 8);
            good.AsSpan(8 + headerLength).CopyTo(b.AsSpan(8 + hb.Length));
            return b;
        }
        var bytes = corruption switch
        {
            "truncated_data" => good[..^5],
            "short_file" => good[..5],
            "huge_header" => WithHeader(header)[..16],
            "bad_json" => WithHeader("{\"a\": [1, 2"),
            "wrong_size" => WithHeader(header.Replace("[2,3]", "[3,3]", StringComparison.Ordinal)),
            _ => WithHeader(header.Replace("\"I32\"", "\"BF16\"", StringComparison.Ordinal)),
        };
        var path = Path.Combine(_dir, corruption + ".safetensors");
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<SafeTensorsFormatException>(() => SafeTensors.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_failed_write_leaves_the_previous_file_intact()
    {
        var path = Path.Combine(_dir, "keep.safetensors");
        SafeTensors.Write(path, Sample());
        var before = File.ReadAllBytes(path);
        var bad = new Dictionary<string, HostTensor> { ["x"] = new HostTensor([2], null, null) };
        Assert.ThrowsAny<Exception>(() => SafeTensors.Write(path, bad));
        Assert.Equal(before, File.ReadAllBytes(path));
    }
}
