using PortableService.Building;
using PortableService.Diagnostics;
using PortableService.Inspection;
using PortableService.Spec;
using PortableService.Systemd;
using PortableService.Tests.TestSupport;

namespace PortableService.Tests.Inspection;

/// <summary>inspect --profile: the services checked against the sandbox each standard profile sets up.</summary>
public sealed class ImageInspectorProfilesTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<int, string> VersionsAndProfiles()
    {
        var data = new TheoryData<int, string>();
        foreach (var version in PortableProfile.BuiltInVersions)
        {
            foreach (var profile in PortableProfile.StandardNames)
            {
                data.Add(version, profile);
            }
        }

        return data;
    }

    private string Build(string unitText, params ContentSpec[] contents)
    {
        var spec = new PortableServiceSpec("app", "1", [UnitSource.Inline("app.service", unitText)]) { Contents = contents };
        return PortableImageBuilder.Build(spec, _temp.Combine("out"), new BuildOptions { SourceDateEpoch = 0 }).Path;
    }

    private string[] Errors(string image, string profile, int version) =>
        [.. ImageInspector.Inspect(image, new InspectionOptions { Profile = PortableProfile.Find(profile, version) }).Findings.Where(f => f.Severity == DiagnosticSeverity.Error).Select(f => f.Code)];

    private string Published(params string[] markers)
    {
        var pub = _temp.CreateDirectory("pub");
        File.Copy("/usr/bin/true", Path.Join(pub, "app"), overwrite: true);
        foreach (var marker in markers)
        {
            _temp.Write("pub/" + marker, "{}\n");
        }

        return pub;
    }

    [Theory]
    [MemberData(nameof(VersionsAndProfiles))]
    public void JitDotNet_IsFlaggedWhereMemoryDenyWriteExecuteIsSet(int version, string profile)
    {
        var image = Build("[Service]\nExecStart=/opt/app/app\n", new ContentSpec(Published("app.runtimeconfig.json"), "/opt/app"));
        var errors = Errors(image, profile, version);
        Assert.Equal(profile != "trusted", errors.Contains(InspectionCodes.JitUnderMemoryDenyWriteExecute));
    }

    [Theory]
    [MemberData(nameof(VersionsAndProfiles))]
    public void NativeProgram_PassesEveryProfile(int version, string profile)
    {
        var image = Build("[Service]\nExecStart=/opt/app/app\nWorkingDirectory=/opt/app\n", new ContentSpec(Published(), "/opt/app"));
        Assert.Empty(Errors(image, profile, version));
    }

    [Theory]
    [MemberData(nameof(VersionsAndProfiles))]
    public void ProgramUnderTmp_IsHiddenByEveryProfile(int version, string profile)
    {
        var image = Build("[Service]\nExecStart=/tmp/app/app\n", new ContentSpec(Published(), "/tmp/app"));
        Assert.Contains(InspectionCodes.PathHiddenByProfile, Errors(image, profile, version));
    }

    /// <summary>
    /// /proc/self/exe on the build host is the builder itself: nothing of it goes into the image, and the one finding
    /// is that the service would see the kernel's /proc there, not that the program is missing.
    /// </summary>
    [Fact]
    public void ProgramInProc_CopiesNothingFromTheBuildHost_AndIsOnlyPS4032()
    {
        var spec = new PortableServiceSpec("app", "1", [UnitSource.Inline("app.service", "[Service]\nExecStart=/proc/self/exe\n")]);
        var built = PortableImageBuilder.Build(spec, _temp.Combine("out"), new BuildOptions { SourceDateEpoch = 0 });

        Assert.Equal(0, built.ClosureItems);
        var finding = Assert.Single(ImageInspector.Inspect(built.Path).Findings, f => f.Severity == DiagnosticSeverity.Error);
        Assert.Equal(InspectionCodes.PathHiddenByProfile, finding.Code);
        Assert.Contains("ExecStart=/proc/self/exe is no file of the image: MountAPIVFS= mounts /proc", finding.Message);
    }

    [Theory]
    [MemberData(nameof(VersionsAndProfiles))]
    public void ProgramUnderHome_IsHiddenExceptUnderTrusted(int version, string profile)
    {
        var image = Build("[Service]\nExecStart=/home/app/app\n", new ContentSpec(Published(), "/home/app"));
        Assert.Equal(profile != "trusted", Errors(image, profile, version).Contains(InspectionCodes.PathHiddenByProfile));
    }

    [Theory]
    [MemberData(nameof(VersionsAndProfiles))]
    public void MissingWorkingDirectory_FailsEveryProfile_UnlessOptional(int version, string profile)
    {
        Assert.Contains(InspectionCodes.WorkingDirectoryMissing, Errors(Build("[Service]\nExecStart=/bin/true\nWorkingDirectory=/srv/none\n"), profile, version));
        Assert.Empty(Errors(Build("[Service]\nExecStart=/bin/true\nWorkingDirectory=-/srv/none\n"), profile, version));
    }

    [Theory]
    [MemberData(nameof(VersionsAndProfiles))]
    public void UnknownUser_FailsOnlyWithoutDynamicUser(int version, string profile)
    {
        var errors = Errors(Build("[Service]\nExecStart=/bin/true\nUser=someone\n"), profile, version);
        Assert.Equal(profile == "trusted", errors.Contains(InspectionCodes.UserUnknown));
    }

    [Fact]
    public void AspNetCoreOnIp_FailsUnderStrict_WhichAllowsOnlyUnixSockets()
    {
        var image = Build("[Service]\nExecStart=/opt/app/app\nEnvironment=ASPNETCORE_URLS=http://0.0.0.0:8080\n", new ContentSpec(Published("app.runtimeconfig.json"), "/opt/app"));
        Assert.Contains(InspectionCodes.AddressFamilyRestricted, Errors(image, "strict", 257));
        Assert.DoesNotContain(InspectionCodes.AddressFamilyRestricted, Errors(image, "trusted", 257));
    }

    [Fact]
    public void BuiltInProfiles_DifferBetweenVersionsAsSystemdShipsThem()
    {
        Assert.Contains("PrivateTmp=yes", PortableProfile.Find("default", 252)!.Text);
        Assert.DoesNotContain("PrivateTmp=yes", PortableProfile.Find("default", 257)!.Text);
        Assert.Contains("BindLogSockets=yes", PortableProfile.Find("default", 257)!.Text);
        Assert.Equal("built-in (systemd 257)", PortableProfile.Find("strict", 257)!.Source);
        Assert.Null(PortableProfile.Find("no-such-profile", 257));
    }

    [Fact]
    public void Build_WarnsForItsProfile_AndStrictRefuses()
    {
        var pub = Published("app.runtimeconfig.json");
        var spec = new PortableServiceSpec("app", "1", [UnitSource.Inline("app.service", "[Service]\nExecStart=/opt/app/app\n")]) { Contents = [new ContentSpec(pub, "/opt/app")] };
        var built = PortableImageBuilder.Build(spec, _temp.Combine("warn"), new BuildOptions { SourceDateEpoch = 0 });
        Assert.Contains(built.Warnings, w => w.Code == InspectionCodes.JitUnderMemoryDenyWriteExecute);

        var e = Assert.Throws<DiagnosticException>(() => PortableImageBuilder.Build(spec, _temp.Combine("strict"), new BuildOptions { SourceDateEpoch = 0, Strict = true }));
        Assert.Equal(InspectionCodes.JitUnderMemoryDenyWriteExecute, Assert.Single(e.Diagnostics).Code);
        Assert.False(Directory.Exists(_temp.Combine("strict")) && Directory.EnumerateFileSystemEntries(_temp.Combine("strict")).Any());

        var trusted = PortableImageBuilder.Build(spec with { Profile = "trusted" }, _temp.Combine("trusted"), new BuildOptions { SourceDateEpoch = 0, Strict = true });
        Assert.DoesNotContain(trusted.Warnings, w => w.Code == InspectionCodes.JitUnderMemoryDenyWriteExecute);
    }
}
