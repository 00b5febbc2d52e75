// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title RoundTrip
/// @author Vaults
/// @notice Test-only contract for the C# round-trip tests: constructor arguments, views,
///         an event, a custom error, a require string, a panic and nested ABI types.
/// @dev Not deployed outside tests. Every member exists to exercise one codec path.
contract RoundTrip {
    /// @notice A tuple element used by {echo}; covers uint256, int256 and address inside a struct array.
    struct Item {
        uint256 id;
        int256 delta;
        address who;
    }

    /// @notice Thrown by {add} when `amount` exceeds `max`.
    /// @param amount The amount that was passed.
    /// @param max The largest amount accepted.
    error AmountTooLarge(uint256 amount, uint256 max);

    // Only `by` is indexed on purpose: the round-trip tests need indexed and data fields in one event.
    // solhint-disable gas-indexed-events
    /// @notice Emitted by {add}.
    /// @param by The caller.
    /// @param amount The amount added.
    /// @param total The counter after the addition.
    event Added(address indexed by, uint256 amount, uint256 total);
    // solhint-enable gas-indexed-events

    /// @notice The largest amount {add} accepts.
    uint256 public constant MAX_AMOUNT = 1000;

    string private _greeting;
    uint256 private _counter;

    /// @notice Stores the greeting and the counter's start value.
    /// @param greeting_ The string returned by {greeting}.
    /// @param start The initial value of {counter}.
    constructor(string memory greeting_, uint256 start) {
        _greeting = greeting_;
        _counter = start;
    }

    /// @notice Adds `amount` to the counter.
    /// @param amount The amount to add; at most {MAX_AMOUNT}.
    function add(uint256 amount) external {
        if (amount > MAX_AMOUNT) revert AmountTooLarge(amount, MAX_AMOUNT);
        uint256 total = _counter + amount;
        _counter = total;
        emit Added(msg.sender, amount, total);
    }

    /// @notice Returns its arguments unchanged (dynamic tuple array, string and bytes).
    /// @param items A dynamic array of tuples.
    /// @param note A string.
    /// @param blob Raw bytes.
    /// @return The same items.
    /// @return The same note.
    /// @return The same blob.
    function echo(Item[] calldata items, string calldata note, bytes calldata blob)
        external
        pure
        returns (Item[] memory, string memory, bytes memory)
    {
        return (items, note, blob);
    }

    /// @notice Always reverts with the `Error(string)` reason "nope".
    function failWithReason() external pure {
        // solhint-disable-next-line gas-custom-errors, reason-string
        require(false, "nope");
    }

    /// @notice Always reverts with `Panic(0x12)` (division by zero).
    /// @return Never returns.
    function failWithPanic() external pure returns (uint256) {
        uint256 zero = 0;
        return 1 / zero;
    }

    /// @notice The string passed to the constructor.
    /// @return The greeting.
    function greeting() external view returns (string memory) {
        return _greeting;
    }

    /// @notice The current counter.
    /// @return The counter.
    function counter() external view returns (uint256) {
        return _counter;
    }
}
