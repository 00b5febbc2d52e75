// solhint configuration for ../contracts (`npm run lint`, run by CI with --max-warnings 0).
// A JavaScript file so that every relaxed rule carries its reason next to it.
module.exports = {
  extends: "solhint:recommended",
  rules: {
    // Constructors have no visibility since Solidity 0.7.
    "func-visibility": ["warn", { ignoreConstructors: true }],
    // The lint runs from the repository root while the packages live in hardhat-node/node_modules.
    "import-path-check": ["warn", ["hardhat-node/node_modules"]],
    // Immutables are public ABI getters (`settlementToken()`, `pool()`, ...) used by the C# bindings and the
    // keeper; SCREAMING_CASE would rename the getters. Private constants keep the _UPPER_CASE convention.
    "immutable-vars-naming": "off",
    // Which event fields are indexed is part of the event ABI that the keeper's indexer and the C# bindings
    // decode (topics vs data); every extra indexed field also costs gas per log. Chosen per event, not by lint.
    "gas-indexed-events": "off",
    // The margin math states its inequalities exactly as the design does (e.g. liquidatable iff Q < m*N,
    // open requires Q >= i*N); rewriting them to strict comparisons would change which boundary case is allowed.
    "gas-strict-inequalities": "off",
    // A trading flow reads as one sequence of checks, effects and interactions (the margin check, the reserve, the
    // side aggregates, the transfers); splitting it to meet 50 lines would scatter the order that CEI depends on.
    "function-max-lines": ["warn", 60],
  },
};
