<#
.SYNOPSIS
Flashes NanoPhone onto an ESP32 board with nanoff: the nanoFramework firmware (when asked), the
app, and the configuration file.

.DESCRIPTION
One nanoff command a step, in this order:
  1. with -UpdateFirmware:  nanoff --target TARGET --serialport PORT --update [--masserase]
  2. always:                nanoff --nanodevice --serialport PORT --deploy --image IMAGE
  3. with -ConfigFile:      nanoff --filedeployment DEPLOY.json
     (DEPLOY.json, a temporary file, copies the config file to I:\nanophone.cfg, the file
     firmware/App/Config/ConfigStore reads on the device's internal storage)
IMAGE is firmware/Device/bin/Release/NanoPhone.Device.bin, which Visual Studio writes when it builds
nf.sln (Release); -Image names another. nanoff is taken from PATH, else from .tools/nanoff, where it
is installed with "dotnet tool install --tool-path" when missing (NANOPHONE_NANOFF_DIR names another
folder). -WhatIf prints the commands and runs none of them.
Exit status: 0 done; 1 a missing file, nanoff missing and not installable, or a failed nanoff step;
2 a usage error. Errors are one line on stderr, starting "flash.ps1: error:".

.EXAMPLE
./flash.ps1 -SerialPort COM5 -Target ESP32_REV0 -UpdateFirmware -ConfigFile phone.conf

.EXAMPLE
./flash.ps1 -SerialPort COM5 -WhatIf
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    # The board's serial port, e.g. COM5 (Windows) or /dev/ttyUSB0.
    [string] $SerialPort,
    # nanoff's target name for -UpdateFirmware, e.g. ESP32_REV0, ESP32_PSRAM_REV0, ESP32_S3_QUAD.
    [string] $Target,
    # Flash the nanoFramework firmware (nanoBooter and nanoCLR) first.
    [switch] $UpdateFirmware,
    # With -UpdateFirmware: erase the whole flash first (the app and I:\ too).
    [switch] $MassErase,
    # A NanoPhone configuration file (key=value lines) to put on the board as I:\nanophone.cfg.
    [string] $ConfigFile,
    # The deployment image; default firmware/Device/bin/Release/NanoPhone.Device.bin.
    [string] $Image
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$ConfigDestination = 'I:\nanophone.cfg'
$Cmdlet = $PSCmdlet
$OnWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT

function Fail([int] $Code, [string] $Message) {
    [Console]::Error.WriteLine('flash.ps1: error: ' + $Message)
    exit $Code
}

function Say([string] $Message) {
    Write-Host ('flash.ps1: ' + $Message)
}

# The command line as a person would type it (arguments with blanks in quotes).
function Format-Command([string] $Program, [string[]] $Arguments) {
    $parts = @()
    foreach ($a in @($Program) + $Arguments) {
        if ($a -match '\s' -or $a -eq '') { $parts += '"' + $a + '"' } else { $parts += $a }
    }
    return ($parts -join ' ')
}

# True when the step is to run; with -WhatIf prints "What if: LINE" and returns false.
function Test-Step([string] $Line) {
    return $Cmdlet.ShouldProcess($Line, 'Run ' + $Line + '?', 'flash.ps1')
}

function Invoke-Nanoff([string] $What, [string[]] $Arguments) {
    Say $What
    & $script:Nanoff @Arguments
    if ($LASTEXITCODE -ne 0) {
        Fail 1 ($What + ' failed (nanoff exit ' + $LASTEXITCODE + '): ' + (Format-Command $script:Nanoff $Arguments))
    }
}

# ---- What to do ------------------------------------------------------------------------------

if (-not $SerialPort) {
    Fail 2 '-SerialPort is required, e.g. -SerialPort COM5 (the port of the board''s USB connection)'
}
if ($UpdateFirmware -and -not $Target) {
    Fail 2 '-UpdateFirmware needs -Target, e.g. -Target ESP32_REV0 (nanoff --listtargets --platform esp32 lists them)'
}
if ($MassErase -and -not $UpdateFirmware) {
    Fail 2 '-MassErase goes with -UpdateFirmware'
}
if ($OnWindows) {
    $ports = $null
    try { $ports = @([System.IO.Ports.SerialPort]::GetPortNames()) } catch { $ports = $null }
    if ($null -ne $ports -and $ports -notcontains $SerialPort) {
        $present = if ($ports.Count -gt 0) { $ports -join ', ' } else { 'none' }
        Fail 2 ('serial port ' + $SerialPort + ' not found (ports here: ' + $present + '); is the board plugged in?')
    }
}

if (-not $Image) {
    $Image = [System.IO.Path]::Combine($PSScriptRoot, 'firmware', 'Device', 'bin', 'Release', 'NanoPhone.Device.bin')
}
if (-not (Test-Path -LiteralPath $Image -PathType Leaf)) {
    Fail 1 ('no app image at ' + $Image + ': build nf.sln (Release) in Visual Studio with the nanoFramework extension first')
}
$Image = (Resolve-Path -LiteralPath $Image).ProviderPath

if ($ConfigFile) {
    if (-not (Test-Path -LiteralPath $ConfigFile -PathType Leaf)) {
        Fail 1 ('config file ' + $ConfigFile + ' not found')
    }
    $ConfigFile = (Resolve-Path -LiteralPath $ConfigFile).ProviderPath
}

# ---- nanoff ----------------------------------------------------------------------------------

$toolDir = if ($env:NANOPHONE_NANOFF_DIR) { $env:NANOPHONE_NANOFF_DIR } else { [System.IO.Path]::Combine($PSScriptRoot, '.tools', 'nanoff') }
$localNanoff = [System.IO.Path]::Combine($toolDir, $(if ($OnWindows) { 'nanoff.exe' } else { 'nanoff' }))
$script:Nanoff = $localNanoff
$onPath = Get-Command nanoff -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
if ($onPath) {
    $script:Nanoff = $onPath.Source
}
elseif (-not (Test-Path -LiteralPath $localNanoff -PathType Leaf)) {
    $install = @('tool', 'install', '--tool-path', $toolDir, 'nanoff')
    if (Test-Step (Format-Command 'dotnet' $install)) {
        Say ('nanoff not found: installing it into ' + $toolDir)
        $dotnet = Get-Command dotnet -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if (-not $dotnet) {
            Fail 1 'nanoff is not installed and there is no dotnet to install it: install the .NET SDK, then: dotnet tool install -g nanoff'
        }
        & $dotnet.Source @install
        if ($LASTEXITCODE -ne 0 -or -not (Test-Path -LiteralPath $localNanoff -PathType Leaf)) {
            Fail 1 ('nanoff is not installed and "' + (Format-Command 'dotnet' $install) + '" failed (exit ' + $LASTEXITCODE + '); install it by hand: dotnet tool install -g nanoff')
        }
    }
}

# ---- The steps -------------------------------------------------------------------------------

if ($UpdateFirmware) {
    $update = @('--target', $Target, '--serialport', $SerialPort, '--update')
    if ($MassErase) { $update += '--masserase' }
    if (Test-Step (Format-Command $script:Nanoff $update)) {
        Invoke-Nanoff ('flashing the nanoFramework firmware for ' + $Target + ' on ' + $SerialPort) $update
    }
}

$deploy = @('--nanodevice', '--serialport', $SerialPort, '--deploy', '--image', $Image)
if (Test-Step (Format-Command $script:Nanoff $deploy)) {
    Invoke-Nanoff ('deploying the app ' + $Image) $deploy
}

if ($ConfigFile) {
    $json = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'nanophone-deploy-' + [guid]::NewGuid().ToString('N') + '.json')
    $files = @([ordered]@{ DestinationFilePath = $ConfigDestination; SourceFilePath = $ConfigFile })
    $deployment = [ordered]@{ serialport = $SerialPort; files = $files }
    $fileDeployment = @('--filedeployment', $json)
    if (Test-Step ((Format-Command $script:Nanoff $fileDeployment) + '   (the JSON puts ' + $ConfigFile + ' on the board as ' + $ConfigDestination + ')')) {
        [System.IO.File]::WriteAllText($json, (ConvertTo-Json -InputObject $deployment -Depth 4))
        try {
            Invoke-Nanoff ('copying ' + $ConfigFile + ' to ' + $ConfigDestination) $fileDeployment
        }
        finally {
            Remove-Item -LiteralPath $json -Force -ErrorAction SilentlyContinue -WhatIf:$false
        }
    }
}

if (-not $WhatIfPreference) {
    Say ('done: ' + $SerialPort + ' runs NanoPhone (console: COM2 pins, see firmware/Device/README.md)')
}
exit 0
