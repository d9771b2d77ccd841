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
nf.sln (Release); -Image names another.

nanoff is pinned to version 2.5.162 (the last 2.x release: --filedeployment alone counts as the
operation since 2.5.126 and a pure file deployment is no longer taken for an ESP32 firmware
operation since 2.5.157; 3.0 changes the command line to verbs). It runs from .tools/nanoff
(NANOPHONE_NANOFF_DIR names another folder), where "dotnet tool install --tool-path ... --version"
puts that version when it is missing, or another version is there. A nanoff on PATH is not used.

-Target is checked against the ESP32 targets that nanoff offers (nf-interpreter's ESP32 presets,
July 2026): a name close to one of them (ESP32_REV1, esp32_rev0) is refused with the names it may
mean; any other name (a community target) goes to nanoff as it is, with a warning.

-WhatIf prints the whole plan, every nanoff command (and the install of nanoff), and runs none; a
missing image or config file is then a warning, not an error.
Exit status: 0 done, or the plan printed; 1 a missing file, nanoff missing and not installable, or a
failed nanoff step; 2 a usage error (an unknown parameter or a stray value, -SerialPort missing,
options that need another, a mistyped -Target). Errors are one line on stderr, starting
"flash.ps1: error:"; warnings start "flash.ps1: warning:".

.EXAMPLE
./flash.ps1 -SerialPort COM5 -Target ESP32_REV0 -UpdateFirmware -ConfigFile phone.conf

.EXAMPLE
./flash.ps1 -SerialPort COM5 -WhatIf
#>
[CmdletBinding(SupportsShouldProcess = $true, PositionalBinding = $false)]
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
    [string] $Image,
    # Not a setting: whatever matches no parameter (a misspelt one, a stray value) lands here, so
    # the script can refuse it with its own one-line error and exit status 2.
    [Parameter(ValueFromRemainingArguments = $true)]
    [string[]] $Unrecognized
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$ConfigDestination = 'I:\nanophone.cfg'
$NanoffVersion = '2.5.162'
$Parameters = @('SerialPort', 'Target', 'UpdateFirmware', 'MassErase', 'ConfigFile', 'Image', 'WhatIf')
# The ESP32 targets nanoff offers: nf-interpreter's targets/ESP32/CMakePresets.json, July 2026.
$KnownTargets = @(
    'ESP32_REV0', 'ESP32_REV3', 'ESP32_PSRAM_REV0', 'ESP32_PSRAM_REV3', 'ESP32_PSRAM_REV3_IPV6',
    'ESP32_PSRAM_XTAL26_REV0', 'ESP32_BLE_REV0', 'ESP32_BLE_REV3', 'ESP32_PICO', 'ESP_WROVER_KIT',
    'ESP32_C3_BETA', 'ESP32_C3', 'ESP32_C5_THREAD', 'ESP32_C6_THREAD', 'ESP32_C61', 'ESP32_H2_THREAD',
    'ESP32_P4', 'ESP32_P4_REV_LESS3', 'ESP32_S2', 'ESP32_S3_QUAD', 'ESP32_S3_OCTAL',
    'ESP32_GenericDisplay_REV0', 'ESP32_PSRAM_BLE_GenericGraphic_REV3', 'ESP32_LILYGO', 'ESP32_OLIMEX',
    'ESP32_OLIMEX_WROVER', 'ESP32_ETHERNET_KIT_1.2', 'ESP32_WT32_ETH01', 'ESP32_WESP32',
    'M5Stack', 'M5Core', 'M5Core2', 'M5StickC', 'M5StickCPlus', 'AtomS3', 'LilygoTWatch2020', 'LilygoTWatch2021'
)
$Cmdlet = $PSCmdlet
$OnWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT

function Fail([int] $Code, [string] $Message) {
    [Console]::Error.WriteLine('flash.ps1: error: ' + $Message)
    exit $Code
}

function Say([string] $Message) {
    Write-Host ('flash.ps1: ' + $Message)
}

function Warn([string] $Message) {
    [Console]::Error.WriteLine('flash.ps1: warning: ' + $Message)
}

# Edit distance of two names, letter case ignored.
function Get-Distance([string] $A, [string] $B) {
    $a = $A.ToUpperInvariant()
    $b = $B.ToUpperInvariant()
    $previous = 0..$b.Length
    for ($i = 1; $i -le $a.Length; $i++) {
        $current = @($i) + (1..$b.Length | ForEach-Object { 0 })
        for ($j = 1; $j -le $b.Length; $j++) {
            $cost = if ($a[$i - 1] -eq $b[$j - 1]) { 0 } else { 1 }
            $current[$j] = [Math]::Min([Math]::Min($previous[$j] + 1, $current[$j - 1] + 1), $previous[$j - 1] + $cost)
        }
        $previous = $current
    }
    return $previous[$b.Length]
}

# The names near Word (at most three, as "A", "A or B", "A, B or C"; Prefix goes before each): those
# within MaxDistance edits, and those that start with Word (an older, shorter name such as ESP32_S3),
# which come right after an exact match. Letter case is ignored; ties keep the list's order.
function Get-Nearest([string] $Word, [string[]] $Names, [int] $MaxDistance, [string] $Prefix = '') {
    $near = @($Names | ForEach-Object {
            $rank = [double](Get-Distance $Word $_)
            if ($rank -gt 0 -and $Word.Length -ge 4 -and $_.StartsWith($Word, [System.StringComparison]::OrdinalIgnoreCase)) { $rank = 0.5 }
            [pscustomobject]@{ Name = $_; Rank = $rank; Order = $Names.IndexOf($_) }
        } | Where-Object { $_.Rank -le $MaxDistance } | Sort-Object Rank, Order |
        Select-Object -First 3 | ForEach-Object { $Prefix + $_.Name })
    if ($near.Count -le 1) { return ($near -join '') }
    return (($near[0..($near.Count - 2)] -join ', ') + ' or ' + $near[-1])
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

if ($Unrecognized) {
    $first = $Unrecognized[0]
    if ($first -match '^-+([A-Za-z][\w-]*)') {
        $near = Get-Nearest $Matches[1] $Parameters 3 '-'
        $hint = if ($near) { ' (did you mean ' + $near + '?)' } else { '' }
        Fail 2 ('unknown parameter -' + $Matches[1] + $hint + '; Get-Help ./flash.ps1 lists them')
    }
    Fail 2 ("unexpected argument '" + $first + "': each value goes after its parameter, e.g. -SerialPort COM5")
}
if (-not $SerialPort) {
    Fail 2 '-SerialPort is required, e.g. -SerialPort COM5 (the port of the board''s USB connection)'
}
if ($UpdateFirmware -and -not $Target) {
    Fail 2 '-UpdateFirmware needs -Target, e.g. -Target ESP32_REV0 (nanoff --listtargets --platform esp32 lists them)'
}
if ($MassErase -and -not $UpdateFirmware) {
    Fail 2 '-MassErase goes with -UpdateFirmware'
}
if ($Target -and $KnownTargets -cnotcontains $Target) {
    $near = Get-Nearest $Target $KnownTargets 2
    if ($near) {
        Fail 2 ('-Target ' + $Target + ' is not a target nanoff offers; did you mean ' + $near + '? (nanoff --listtargets --platform esp32 lists them)')
    }
    Warn ('-Target ' + $Target + ' is none of the ESP32 targets nanoff offers (nanoff --listtargets --platform esp32 lists them); passed to nanoff as it is')
}
if ($Target -and -not $UpdateFirmware) {
    Warn '-Target is used only with -UpdateFirmware, which flashes that target''s firmware; nothing is flashed for it'
}
if ($OnWindows) {
    $ports = $null
    try { $ports = @([System.IO.Ports.SerialPort]::GetPortNames()) } catch { $ports = $null }
    if ($null -ne $ports -and $ports -notcontains $SerialPort) {
        $present = if ($ports.Count -gt 0) { $ports -join ', ' } else { 'none' }
        $why = 'serial port ' + $SerialPort + ' not found (ports here: ' + $present + '); is the board plugged in?'
        if (-not $WhatIfPreference) { Fail 2 $why }
        Warn ($why + ' (a real run stops here)')
    }
}

if (-not $Image) {
    $Image = [System.IO.Path]::Combine($PSScriptRoot, 'firmware', 'Device', 'bin', 'Release', 'NanoPhone.Device.bin')
}
# A missing file stops a real run; -WhatIf says so and shows the plan all the same.
if (Test-Path -LiteralPath $Image -PathType Leaf) {
    $Image = (Resolve-Path -LiteralPath $Image).ProviderPath
}
else {
    $why = 'no app image at ' + $Image + ': build nf.sln (Release) in Visual Studio with the nanoFramework extension first'
    if (-not $WhatIfPreference) { Fail 1 $why }
    Warn ($why + ' (a real run stops here)')
    $Image = [System.IO.Path]::GetFullPath($Image)
}

if ($ConfigFile) {
    if (Test-Path -LiteralPath $ConfigFile -PathType Leaf) {
        $ConfigFile = (Resolve-Path -LiteralPath $ConfigFile).ProviderPath
    }
    else {
        if (-not $WhatIfPreference) { Fail 1 ('config file ' + $ConfigFile + ' not found') }
        Warn ('config file ' + $ConfigFile + ' not found (a real run stops here)')
        $ConfigFile = [System.IO.Path]::GetFullPath($ConfigFile)
    }
}

# ---- nanoff ----------------------------------------------------------------------------------

# The pinned version in the tool folder; dotnet's tool store holds it as .store/nanoff/VERSION.
$toolDir = if ($env:NANOPHONE_NANOFF_DIR) { $env:NANOPHONE_NANOFF_DIR } else { [System.IO.Path]::Combine($PSScriptRoot, '.tools', 'nanoff') }
$script:Nanoff = [System.IO.Path]::Combine($toolDir, $(if ($OnWindows) { 'nanoff.exe' } else { 'nanoff' }))
$pinned = [System.IO.Path]::Combine($toolDir, '.store', 'nanoff', $NanoffVersion)
$havePinned = (Test-Path -LiteralPath $script:Nanoff -PathType Leaf) -and (Test-Path -LiteralPath $pinned -PathType Container)
if (-not $havePinned) {
    # Another version there is replaced (an update, to an older one too); none there is installed.
    $install = if (Test-Path -LiteralPath $script:Nanoff -PathType Leaf) {
        @('tool', 'update', '--tool-path', $toolDir, 'nanoff', '--version', $NanoffVersion, '--allow-downgrade')
    }
    else {
        @('tool', 'install', '--tool-path', $toolDir, 'nanoff', '--version', $NanoffVersion)
    }
    $byHand = Format-Command 'dotnet' @('tool', 'install', '--tool-path', $toolDir, 'nanoff', '--version', $NanoffVersion)
    if (Test-Step (Format-Command 'dotnet' $install)) {
        Say ('nanoff ' + $NanoffVersion + ' is not in ' + $toolDir + ': installing it')
        $dotnet = Get-Command dotnet -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if (-not $dotnet) {
            Fail 1 ('nanoff ' + $NanoffVersion + ' is not installed and there is no dotnet to install it: install the .NET SDK, then: ' + $byHand)
        }
        & $dotnet.Source @install
        if ($LASTEXITCODE -ne 0 -or -not (Test-Path -LiteralPath $script:Nanoff -PathType Leaf) -or -not (Test-Path -LiteralPath $pinned -PathType Container)) {
            Fail 1 ('nanoff ' + $NanoffVersion + ' is not installed and "' + (Format-Command 'dotnet' $install) + '" failed (exit ' + $LASTEXITCODE + '); install it by hand: ' + $byHand)
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
