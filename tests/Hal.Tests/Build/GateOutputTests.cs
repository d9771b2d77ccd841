using System;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Xunit;

namespace NanoPhone.Hal.Tests.Build;

/// <summary>
/// The gate builds compile the portable folders against nanoFramework's mscorlib, which catches missing
/// APIs. Generics and multi-dimensional arrays compile there too but crash nanoCLR 1.17, so their output
/// is read here: no generic type or method is declared or instantiated, no array has more than one rank.
/// </summary>
public class GateOutputTests
{
    [Theory]
    [InlineData("NanoPhone.Hal.Gate.dll")]
    [InlineData("NanoPhone.Boards.Gate.dll")]
    public void Gate_assembly_uses_no_generics_and_no_multidimensional_arrays(string assembly)
    {
        string path = Directory.EnumerateFiles(RepoPaths.Of("gate/bin"), assembly, SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            ?? throw new FileNotFoundException("build gate/ first", assembly);
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        MetadataReader md = pe.GetMetadataReader();

        Assert.Equal(0, md.GetTableRowCount(TableIndex.GenericParam));
        Assert.Equal(0, md.GetTableRowCount(TableIndex.MethodSpec));
        foreach (TypeSpecificationHandle handle in Enumerable.Range(1, md.GetTableRowCount(TableIndex.TypeSpec)).Select(MetadataTokens.TypeSpecificationHandle))
        {
            BlobReader blob = md.GetBlobReader(md.GetTypeSpecification(handle).Signature);
            var kind = (SignatureTypeCode)blob.ReadByte();
            Assert.False(kind == SignatureTypeCode.GenericTypeInstance, path + ": generic type instance in a TypeSpec");
            Assert.False(kind == SignatureTypeCode.Array, path + ": multi-dimensional array in a TypeSpec");
        }

        Assert.True(md.TypeDefinitions.Count > 1, path + " is empty");
    }
}
