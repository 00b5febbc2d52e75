using System.Numerics;
using System.Security.Cryptography;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Vaults.Chain;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.VaultFactory.ContractDefinition;
using Nethereum.RPC.Eth.DTOs;

namespace Vaults.Client;

// Vault operations: every check a person could fail (amounts, leverage, ownership, unknown vault) runs before the
// first transaction, and the contract call is simulated before any approval, so a refused operation changes nothing on chain.
public sealed partial class VaultsClient
{
    private static readonly BigInteger Wad = BigInteger.Pow(10, 18);

    /// <summary>Parses an address typed by a person, with a one-line error naming <paramref name="what"/>.</summary>
    public static Address ParseAddress(string text, string what = "address")
    {
        try
        {
            return Address.Parse(text.Trim());
        }
        catch (FormatException e)
        {
            // The parser's own message starts "Malformed address '...'": said once, with what the address was for.
            var reason = ContractErrors.FirstLine(e.Message);
            const string prefix = "Malformed address";
            throw new VaultsClientException(reason.StartsWith(prefix, StringComparison.Ordinal) ? $"Malformed {what}{reason[prefix.Length..]}" : $"Malformed {what}: {reason}");
        }
    }

    /// <summary>
    /// The most leverage a vault can be opened with in a market (the only one when <paramref name="marketName"/> is
    /// null): the equity must cover the initial margin plus the close fee, so 1 / (initial margin + close fee), rounded
    /// down to a hundredth (10% and 0.1%: 9.9x, not the 10x of the margin alone).
    /// </summary>
    public async Task<decimal> MaxLeverageAsync(string? marketName = null, CancellationToken ct = default) =>
        MaxOpenableLeverage(await MarketAsync(Market(marketName), ct).ConfigureAwait(false));

    internal static decimal MaxOpenableLeverage(Contracts.MarketConfig.ContractDefinition.MarketParams market) =>
        decimal.Round(10_000m / (market.InitialMarginBps + market.CloseFeeBps), 2, MidpointRounding.ToZero);

    /// <summary>A market's parameters.</summary>
    internal async Task<Contracts.MarketConfig.ContractDefinition.MarketParams> MarketAsync(DeployedMarket market, CancellationToken ct) =>
        (await Guard(() => Config.MarketQueryAsync(market.Id, cancellationToken: ct)).ConfigureAwait(false)).P;

    /// <summary>Opens a vault for the signer and returns it as read right after.</summary>
    public async Task<VaultView> OpenVaultAsync(OpenVaultRequest request, CancellationToken ct = default) =>
        (await OpenVaultWithTransactionAsync(request, ct).ConfigureAwait(false)).Vault;

    /// <summary>Opens a vault for the signer: the vault as read right after, and the opening transaction.</summary>
    public async Task<(VaultView Vault, TransactionResult Transaction)> OpenVaultWithTransactionAsync(OpenVaultRequest request, CancellationToken ct = default)
    {
        var owner = SignerAddress;
        var target = Market(request.Market);
        if (request.Collateral <= 0) throw new VaultsClientException("--collateral must be greater than zero.");
        if ((request.Size is null) == (request.Leverage is null)) throw new VaultsClientException("Give either --size or --leverage.");
        if (request.Size <= 0) throw new VaultsClientException("--size must be greater than zero.");
        if (request.Leverage <= 0) throw new VaultsClientException("--leverage must be greater than zero.");
        var collateral = TokenUnits(request.Collateral, "--collateral");

        var market = await MarketAsync(target, ct).ConfigureAwait(false);
        var maxLeverage = MaxOpenableLeverage(market);
        if (request.Leverage > maxLeverage)
            throw new VaultsClientException($"Leverage {Amount.Display(request.Leverage.Value)}x is above the most {target.Name} opens, {Amount.Display(maxLeverage)}x " +
                $"(the equity must cover the {market.InitialMarginBps / 100m}% initial margin plus the {market.CloseFeeBps / 100m}% close fee).");
        if (collateral < market.MinCollateral)
            throw new VaultsClientException($"Collateral {request.Collateral} is below the market minimum of {Tokens(market.MinCollateral)}.");

        var price = (await GetPriceAsync(target, ct).ConfigureAwait(false)).Price;
        var size = request.Size ?? decimal.Round(request.Collateral * request.Leverage!.Value / price, 18, MidpointRounding.ToZero);
        var sizeWad = Amount.ToBaseUnits(size, 18, "--size");
        if (sizeWad < market.MinSize)
            throw new VaultsClientException($"Size {size} is below the market minimum of {Amount.FromBaseUnits(market.MinSize, 18)}.");
        var leverage = size * price / request.Collateral;
        if (leverage > maxLeverage)
            throw new VaultsClientException($"Size {Amount.Display(size)} at {Amount.Cents(price)} is {decimal.Round(leverage, 2)}x leverage, above the most {target.Name} opens, " +
                $"{Amount.Display(maxLeverage)}x (the {market.InitialMarginBps / 100m}% initial margin plus the {market.CloseFeeBps / 100m}% close fee): " +
                $"at most size {Amount.Display(decimal.Round(request.Collateral * maxLeverage / price, 6, MidpointRounding.ToZero))} for this collateral.");

        var acceptable = request.AcceptablePrice ?? price * (1 + (request.IsLong ? 1 : -1) * request.SlippagePercent / 100m);
        var acceptableWad = Amount.ToBaseUnits(decimal.Round(acceptable, 18, MidpointRounding.ToZero), 18, "--acceptable-price");
        var nonce = new BigInteger(RandomNumberGenerator.GetBytes(8), isUnsigned: true);
        var open = new OpenVaultFunction
        {
            MarketId = target.Id, IsLong = request.IsLong, Collateral = collateral, Size = sizeWad,
            AcceptablePrice = acceptableWad, NonceValue = nonce,
        };

        // The open fee is charged on top of the collateral: approve both (the fee rounded up, plus one unit of headroom).
        var priceWad = Amount.ToBaseUnits(price, 18, "price");
        var tokenScale = BigInteger.Pow(10, 18 - TokenDecimals);
        var fee = CeilDiv(CeilDiv(sizeWad * priceWad, Wad) * market.OpenFeeBps, 10_000 * tokenScale) + 1;
        await SimulateAsync(open, ct).ConfigureAwait(false);
        await EnsureAllowanceAsync(Deployment.VaultFactory, collateral + fee, ct).ConfigureAwait(false);
        var receipt = await Guard(() => Factory.OpenVaultRequestAndWaitForReceiptAsync(open, ct)).ConfigureAwait(false);
        var vault = receipt.DecodeAllEvents<VaultOpenedEventDTO>().Single().Event.Vault;
        return (await GetVaultAsync(vault, ct).ConfigureAwait(false), Result(receipt, vault));
    }

    /// <summary>Adds <paramref name="amount"/> tokens of margin to an open vault (anyone may top up any vault).</summary>
    public async Task<TransactionResult> AddMarginAsync(Address vault, decimal amount, CancellationToken ct = default)
    {
        var units = PositiveTokenUnits(amount, "--amount");
        await RequireOpenAsync(vault, mustOwn: false, ct).ConfigureAwait(false);
        await EnsureAllowanceAsync(Deployment.VaultFactory, units, ct).ConfigureAwait(false);
        return Result(await Guard(() => Factory.AddMarginRequestAndWaitForReceiptAsync(vault, units, ct)).ConfigureAwait(false), vault);
    }

    /// <summary>Withdraws <paramref name="amount"/> tokens of margin to the signer (owner only; never against unrealised profit).</summary>
    public async Task<TransactionResult> RemoveMarginAsync(Address vault, decimal amount, CancellationToken ct = default)
    {
        var units = PositiveTokenUnits(amount, "--amount");
        await RequireOpenAsync(vault, mustOwn: true, ct).ConfigureAwait(false);
        return Result(await Guard(() => Factory.RemoveMarginRequestAndWaitForReceiptAsync(vault, units, SignerAddress, ct)).ConfigureAwait(false), vault);
    }

    /// <summary>Closes a vault at the oracle price (owner only), accepting at most <paramref name="slippagePercent"/> worse than now; what the close paid out.</summary>
    public async Task<VaultClosure> CloseVaultAsync(Address vault, decimal slippagePercent = 1m, CancellationToken ct = default)
    {
        var position = await RequireOpenAsync(vault, mustOwn: true, ct).ConfigureAwait(false);
        var price = (await GetPriceAsync(await MarketOfAsync(position.MarketId, ct).ConfigureAwait(false), ct).ConfigureAwait(false)).Price;
        // Closing a long sells (the lowest acceptable price), closing a short buys (the highest).
        var acceptable = price * (1 + (position.IsLong ? -1 : 1) * slippagePercent / 100m);
        var acceptableWad = Amount.ToBaseUnits(decimal.Round(acceptable, 18, MidpointRounding.ToZero), 18, "acceptable price");
        var receipt = await Guard(() => Factory.CloseVaultRequestAndWaitForReceiptAsync(vault, acceptableWad, ct)).ConfigureAwait(false);
        var closed = receipt.DecodeAllEvents<VaultClosedEventDTO>().Single().Event;
        return new VaultClosure(vault, Tokens(closed.RealizedPnl), Tokens(closed.CloseFee), Tokens(closed.OwnerPayout), Tokens(closed.BadDebt),
            Amount.FromBaseUnits(closed.Price, 18), Result(receipt, vault));
    }

    /// <summary>Liquidates a vault that is below maintenance margin; the signer receives the keeper fee.</summary>
    public async Task<LiquidationResult> LiquidateAsync(Address vault, CancellationToken ct = default)
    {
        _ = SignerAddress;
        await RequireOpenAsync(vault, mustOwn: false, ct).ConfigureAwait(false);
        var preview = await Guard(() => Factory.PreviewLiquidationQueryAsync(vault, cancellationToken: ct)).ConfigureAwait(false);
        if (!preview.Liquidatable)
            throw new VaultsClientException($"Vault {vault} is healthy: it cannot be liquidated at the current price.");
        var receipt = await Guard(() => Factory.LiquidateRequestAndWaitForReceiptAsync(vault, ct)).ConfigureAwait(false);
        var e = receipt.DecodeAllEvents<VaultLiquidatedEventDTO>().Single().Event;
        return ToLiquidation(e, (long)receipt.BlockNumber.Value, receipt.TransactionHash) with { GasUsed = (long)receipt.GasUsed.Value };
    }

    /// <summary>A <c>VaultLiquidated</c> event in people's units.</summary>
    public LiquidationResult ToLiquidation(VaultLiquidatedEventDTO e, long block, string transactionHash) => new(
        e.Vault, e.Keeper, block, transactionHash, e.Full, Amount.FromBaseUnits(e.ClosedSize, 18), Tokens(e.KeeperFee), Tokens(e.Penalty),
        Tokens(e.BadDebt), Amount.FromBaseUnits(e.Price, 18), Amount.FromBaseUnits(e.RemainingSize, 18));

    /// <summary>Every <c>VaultLiquidated</c> event in [<paramref name="fromBlock"/>, <paramref name="toBlock"/>].</summary>
    public async Task<IReadOnlyList<LiquidationResult>> LiquidationsAsync(long fromBlock, long? toBlock = null, CancellationToken ct = default)
    {
        var events = Web3.Eth.GetEvent<VaultLiquidatedEventDTO>(Deployment.VaultFactory);
        var logs = await EventsAsync(events, events.CreateFilterInput(), fromBlock, toBlock, ct).ConfigureAwait(false);
        return [.. logs.Select(l => ToLiquidation(l.Event, (long)l.Log.BlockNumber.Value, l.Log.TransactionHash!))];
    }

    /// <summary>Simulates a factory call as the signer; only a missing allowance (approved next) is let through.</summary>
    private async Task SimulateAsync(OpenVaultFunction call, CancellationToken ct)
    {
        try
        {
            await Web3.Eth.GetContractHandler(Deployment.VaultFactory).QueryRawAsync(call).WaitAsync(ct).ConfigureAwait(false);
        }
        catch (SmartContractCustomErrorRevertException e) when (e.IsCustomErrorFor<Contracts.TestUSDC.ContractDefinition.ERC20InsufficientAllowanceError>())
        {
        }
        catch (Exception e) when (ContractErrors.TryDescribe(e, TokenDecimals, out var message))
        {
            throw new VaultsClientException(message, e);
        }
    }

    private BigInteger PositiveTokenUnits(decimal amount, string what)
    {
        if (amount <= 0) throw new VaultsClientException($"{what} must be greater than zero (got {amount}).");
        return TokenUnits(amount, what);
    }

    /// <summary>The vault's position; one-line errors for an unknown vault, a vault no longer open, or (when <paramref name="mustOwn"/>) another owner.</summary>
    private async Task<Position> RequireOpenAsync(Address vault, bool mustOwn, CancellationToken ct)
    {
        var position = await Guard(() => Factory.PositionQueryAsync(vault, cancellationToken: ct)).ConfigureAwait(false);
        var status = (VaultStatus)position.Status;
        if (status == VaultStatus.None) throw new VaultsClientException($"Unknown vault: {vault} is not a vault of this factory.");
        if (status != VaultStatus.Open) throw new VaultsClientException($"Vault {vault} is {status.ToString().ToLowerInvariant()}, not open.");
        if (mustOwn)
        {
            var owner = await Guard(() => Factory.OwnerOfQueryAsync(vault, cancellationToken: ct)).ConfigureAwait(false);
            if (owner != SignerAddress) throw new VaultsClientException($"Not the owner: vault {vault} belongs to {owner}, not to the signer {SignerAddress}.");
        }
        return position;
    }

    private static TransactionResult Result(TransactionReceipt receipt, Address? vault) =>
        new(receipt.TransactionHash, (long)receipt.BlockNumber.Value, vault) { GasUsed = (long)receipt.GasUsed.Value };

    private static BigInteger CeilDiv(BigInteger a, BigInteger b) => (a + b - 1) / b;
}
