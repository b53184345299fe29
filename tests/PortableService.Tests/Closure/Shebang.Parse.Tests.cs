using System.Text;
using PortableService.Closure;

namespace PortableService.Tests.Closure;

public sealed class ShebangParseTests
{
    [Theory]
    [InlineData("#!/bin/sh\necho", "/bin/sh", null, null)]
    [InlineData("#! /bin/bash -e -u \n", "/bin/bash", "-e -u", null)]
    [InlineData("#!/usr/bin/env python3\n", "/usr/bin/env", "python3", "python3")]
    [InlineData("#!/usr/bin/env -S python3 -u\n", "/usr/bin/env", "-S python3 -u", "python3")]
    [InlineData("#!/usr/bin/env -Spython3\n", "/usr/bin/env", "-Spython3", "python3")]
    [InlineData("#!/usr/bin/env -S LANG=C -u FOO node --flag\n", "/usr/bin/env", "-S LANG=C -u FOO node --flag", "node")]
    [InlineData("#!/usr/bin/env -i -- perl\n", "/usr/bin/env", "-i -- perl", "perl")]
    [InlineData("#!/usr/bin/env\n", "/usr/bin/env", null, null)]
    [InlineData("#!/bin/sh\r\n", "/bin/sh", null, null)]
    public void Parses(string text, string interpreter, string? argument, string? envCommand)
    {
        var shebang = Shebang.Parse(Encoding.UTF8.GetBytes(text));
        Assert.NotNull(shebang);
        Assert.Equal(interpreter, shebang.Interpreter);
        Assert.Equal(argument, shebang.Argument);
        Assert.Equal(envCommand, shebang.EnvCommand);
    }

    [Theory]
    [InlineData("#!\n")]
    [InlineData("#!   \n")]
    [InlineData("# not one\n")]
    [InlineData("")]
    public void NoInterpreter(string text) => Assert.Null(Shebang.Parse(Encoding.UTF8.GetBytes(text)));
}
