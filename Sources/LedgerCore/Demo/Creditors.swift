/// The creditors of the demo: 112 organisations households in a Dutch neighbourhood owe money
/// to, by category (seed 000 counts 112 distinct creditors).
enum DemoCreditors {
    static let byCategory: [(DebtCategory, [String])] = [
        (.rijksoverheid, ["Belastingdienst", "Belastingdienst/Toeslagen", "CJIB", "UWV", "SVB", "CAK", "RDW",
                          "Zorginstituut Nederland", "Raad voor Rechtsbijstand", "IND"]),
        (.wonen, ["Vivare", "Portaal", "Volkshuisvesting Arnhem", "Talis", "Woonstede", "Mozaiek Wonen", "Vestia", "Ymere",
                  "Stadgenoot", "De Key", "Woonbedrijf", "Staedion", "Parteon", "Woonwaarts"]),
        (.zorg, ["Menzis", "CZ", "VGZ", "Zilveren Kruis", "ONVZ", "DSW", "Zorg en Zekerheid", "FBTO", "Salland Zorgverzekeringen",
                 "Rijnstate", "Huisartsenpraktijk Presikhaaf", "Tandartspraktijk Immerloo", "Apotheek Arnhem-Oost", "Infomedics",
                 "Ambulancezorg Gelderland", "GGZ Gelderland"]),
        (.energie, ["Vattenfall", "Eneco", "Essent", "Budget Energie", "Greenchoice", "Energiedirect", "Vandebron", "Oxxio",
                    "Innova Energie", "Vitens", "Liander", "Pure Energie"]),
        (.gemeente, ["Gemeente Arnhem", "Gemeentelijk Belastingkantoor", "Sociale Dienst Arnhem", "Gemeente Nijmegen",
                     "Gemeente Rheden", "Kredietbank Arnhem", "Werkbedrijf Arnhem", "Parkeerbeheer Arnhem"]),
        (.onderwijs, ["DUO", "ROC Rijn IJssel", "HAN Hogeschool", "Graafschap College", "ROC A12", "Stichting Leergeld"]),
        (.telecom, ["KPN", "Vodafone", "Odido", "Ziggo", "Tele2", "Ben", "Simyo", "Lebara", "Youfone", "Delta Fiber"]),
        (.overig, ["Wehkamp", "Otto", "Zalando", "bol.com", "Klarna", "Riverty", "In3", "Ohra", "Santander Consumer Finance",
                   "ING Bank", "Rabobank", "ABN AMRO", "Freo", "Ferratum", "Lowa Incasso", "Intrum", "GGN", "Vesting Finance",
                   "Cannock", "Hoist Finance", "Coeo Incasso", "ANWB", "Basic-Fit", "SportCity", "Kinderopvang Arnhem",
                   "Rijschool Wagenaar", "Garage Oost", "Dierenkliniek Arnhem", "Advocatenkantoor Oost", "Nationale-Nederlanden",
                   "Interpolis", "Achmea", "Centraal Beheer", "Aegon", "DAS Rechtsbijstand", "Univé"]),
    ]

    static func names(_ category: DebtCategory) -> [String] {
        byCategory.first { $0.0 == category }!.1
    }

    /// Typical size of a debt in a category, in euros: tax and rent arrears are large,
    /// phone bills small.
    static func typicalEuros(_ category: DebtCategory) -> Double {
        switch category {
        case .rijksoverheid: 3_900
        case .wonen: 3_600
        case .zorg: 1_150
        case .energie: 1_500
        case .gemeente: 1_100
        case .onderwijs: 1_800
        case .telecom: 450
        case .overig: 650
        }
    }
}
