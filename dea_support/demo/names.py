"""Names for demo and national data: people, districts, towns and jobcentre addresses.

Fixed lists rather than Faker so the same run always gives the same people, and so the
national builder can pick a name with one index instead of a call per row.
"""

from __future__ import annotations

FORENAMES = (
    "Aaliyah", "Abdul", "Adam", "Aileen", "Aisha", "Alan", "Alison", "Amanda", "Amelia", "Amir",
    "Andrew", "Angela", "Anil", "Ann", "Anthony", "Arjun", "Barbara", "Barry", "Bethan", "Bilal",
    "Brian", "Callum", "Carl", "Caroline", "Catherine", "Charlotte", "Chloe", "Christine",
    "Claire", "Colin", "Connor", "Craig", "Daniel", "Darren", "David", "Dawn", "Dean", "Deborah",
    "Declan", "Denise", "Dylan", "Eilidh", "Elaine", "Eleanor", "Ellie", "Emma", "Eve", "Fatima",
    "Fiona", "Gareth", "Gary", "Gemma", "Georgia", "Graham", "Hannah", "Harry", "Hassan",
    "Heather", "Helen", "Ian", "Imran", "Isla", "Jack", "Jade", "James", "Jamie", "Janet",
    "Jason", "Jennifer", "Joanne", "John", "Jordan", "Joseph", "Julie", "Karen", "Katie",
    "Keith", "Kelly", "Kerry", "Kevin", "Kirsty", "Lee", "Leanne", "Lewis", "Liam", "Linda",
    "Lisa", "Lorraine", "Louise", "Lucy", "Mandeep", "Margaret", "Mark", "Martin", "Megan",
    "Michael", "Michelle", "Mohammed", "Natalie", "Neil", "Nicola", "Niamh", "Oliver", "Owen",
    "Patricia", "Paul", "Peter", "Rachel", "Rebecca", "Rhys", "Richard", "Robert", "Ross",
    "Ruth", "Ryan", "Samantha", "Sandra", "Sarah", "Scott", "Sean", "Shabana", "Sharon",
    "Shauna", "Simon", "Sophie", "Stephen", "Stuart", "Susan", "Tariq", "Thomas", "Tracey",
    "Usman", "Victoria", "Wayne", "Yasmin", "Zainab", "Zoe",
)  # fmt: skip

SURNAMES = (
    "Ahmed", "Akhtar", "Ali", "Allan", "Anderson", "Armstrong", "Atkinson", "Bailey", "Baker",
    "Begum", "Bell", "Bennett", "Bibi", "Black", "Bradley", "Brown", "Burns", "Butler",
    "Campbell", "Carter", "Chapman", "Clarke", "Cole", "Collins", "Cook", "Cooper", "Cox",
    "Cunningham", "Davies", "Dixon", "Docherty", "Doherty", "Duncan", "Edwards", "Ellis",
    "Evans", "Ferguson", "Fisher", "Fletcher", "Foster", "Fraser", "Gallagher", "Gibson",
    "Gill", "Graham", "Grant", "Gray", "Green", "Griffiths", "Hall", "Hamilton", "Harris",
    "Harrison", "Hill", "Holmes", "Hughes", "Hunter", "Hussain", "Iqbal", "Jackson", "James",
    "Jenkins", "Johnson", "Johnston", "Jones", "Kaur", "Kelly", "Kennedy", "Khan", "King",
    "Knight", "Kowalski", "Lewis", "Lloyd", "Mahmood", "Marshall", "Martin", "Mason",
    "Matthews", "McDonald", "McKenzie", "McLean", "Miller", "Mills", "Mitchell", "Moore",
    "Morgan", "Morris", "Murphy", "Murray", "Nowak", "O'Brien", "O'Neill", "Owen", "Palmer",
    "Parker", "Patel", "Pearson", "Phillips", "Powell", "Price", "Pritchard", "Rahman", "Reid",
    "Richards", "Roberts", "Robertson", "Robinson", "Rogers", "Ross", "Russell", "Scott",
    "Shah", "Sharma", "Shaw", "Simpson", "Singh", "Smith", "Stevens", "Stewart", "Taylor",
    "Thomas", "Thompson", "Thomson", "Turner", "Walker", "Wallace", "Ward", "Watson", "Watt",
    "Webb", "White", "Wilkinson", "Williams", "Wilson", "Wood", "Wright", "Young",
)  # fmt: skip

# Districts of the national dataset, with the towns whose jobcentres they run. The demo
# organisation has districts of its own (see people.py), named so they never clash.
ENGLAND_AND_WALES_DISTRICTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Avon, Severn and Thames", ("Bristol", "Gloucester", "Swindon", "Cheltenham", "Bath")),
    ("Berkshire and Oxfordshire", ("Reading", "Oxford", "Slough", "Banbury", "Newbury")),
    ("Birmingham and Solihull", ("Birmingham", "Solihull", "Sutton Coldfield", "Erdington")),
    ("Black Country", ("Wolverhampton", "Dudley", "Walsall", "West Bromwich", "Stourbridge")),
    ("Central London", ("Westminster", "Camden", "Islington", "Southwark", "Lambeth")),
    ("East London", ("Stratford", "Barking", "Romford", "Ilford", "Hackney")),
    ("North and West London", ("Harrow", "Wembley", "Enfield", "Barnet", "Ealing")),
    ("South London", ("Croydon", "Sutton", "Bromley", "Lewisham", "Wimbledon")),
    (
        "Cumbria and Lancashire",
        ("Preston", "Blackpool", "Carlisle", "Barrow-in-Furness", "Lancaster", "Burnley"),
    ),
    ("Greater Manchester Central", ("Manchester", "Salford", "Trafford", "Stockport")),
    ("Greater Manchester North", ("Bolton", "Oldham", "Rochdale", "Bury", "Wigan")),
    ("Merseyside", ("Liverpool", "Birkenhead", "St Helens", "Southport", "Bootle")),
    ("Cheshire and Warrington", ("Warrington", "Chester", "Crewe", "Macclesfield", "Runcorn")),
    (
        "Durham and Tees Valley",
        ("Middlesbrough", "Stockton-on-Tees", "Darlington", "Hartlepool", "Durham"),
    ),
    (
        "Northumberland and Tyneside",
        ("Newcastle upon Tyne", "North Shields", "Ashington", "Blyth", "Hexham", "Morpeth"),
    ),
    ("West Yorkshire", ("Leeds", "Bradford", "Wakefield", "Huddersfield", "Halifax")),
    ("South Yorkshire", ("Sheffield", "Rotherham", "Doncaster", "Barnsley")),
    ("North and East Yorkshire", ("Hull", "York", "Scarborough", "Harrogate", "Bridlington")),
    (
        "Lincolnshire and Nottinghamshire",
        ("Nottingham", "Lincoln", "Mansfield", "Grantham", "Boston", "Newark"),
    ),
    ("Derbyshire", ("Derby", "Chesterfield", "Ilkeston", "Buxton", "Matlock")),
    (
        "Leicestershire and Northamptonshire",
        ("Leicester", "Northampton", "Loughborough", "Kettering", "Corby"),
    ),
    (
        "Staffordshire",
        ("Stoke-on-Trent", "Stafford", "Tamworth", "Burton upon Trent", "Cannock"),
    ),
    ("Marches and Worcestershire", ("Telford", "Shrewsbury", "Worcester", "Hereford", "Redditch")),
    ("Coventry and Warwickshire", ("Coventry", "Nuneaton", "Rugby", "Leamington Spa")),
    (
        "East Anglia",
        ("Norwich", "Ipswich", "Peterborough", "Cambridge", "Great Yarmouth", "Lowestoft"),
    ),
    ("Essex", ("Southend-on-Sea", "Basildon", "Chelmsford", "Colchester", "Harlow")),
    (
        "Hertfordshire, Bedfordshire and Buckinghamshire",
        ("Luton", "Milton Keynes", "Bedford", "Watford", "Stevenage", "High Wycombe"),
    ),
    ("Kent", ("Maidstone", "Canterbury", "Dover", "Folkestone", "Margate", "Gillingham")),
    ("Surrey and Sussex", ("Brighton", "Crawley", "Hastings", "Worthing", "Guildford")),
    ("Hampshire and Isle of Wight", ("Southampton", "Portsmouth", "Basingstoke", "Ryde")),
    ("Dorset, Somerset and Wiltshire", ("Bournemouth", "Poole", "Taunton", "Yeovil", "Salisbury")),
    ("Devon and Cornwall", ("Plymouth", "Exeter", "Torquay", "Truro", "Barnstaple", "Penzance")),
    (
        "Wales",
        ("Cardiff", "Swansea", "Newport", "Wrexham", "Merthyr Tydfil", "Llanelli", "Bangor"),
    ),
)

SCOTLAND_DISTRICTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Glasgow and Clyde", ("Glasgow", "Paisley", "Greenock", "Clydebank", "Dumbarton")),
    ("Lanarkshire and Ayrshire", ("Motherwell", "Hamilton", "Kilmarnock", "Ayr", "Irvine")),
    (
        "Edinburgh, Lothians and Borders",
        ("Edinburgh", "Livingston", "Dalkeith", "Galashiels", "Kirkcaldy"),
    ),
    ("North and East Scotland", ("Aberdeen", "Dundee", "Inverness", "Perth", "Elgin")),
)

# Where a town has more than one jobcentre, each is known by its street or building.
# None of these is used by the demo organisation's jobcentres.
STREETS = (
    "High Street", "Market Street", "Station Road", "Victoria Street", "Church Street",
    "Queen Street", "Castle Street", "Bridge Street", "King Street", "Park Road",
    "Kingsway", "North Road", "South Parade", "Crown House", "Mill Lane", "Union Street",
    "Princes Street", "Albert Road", "West Street", "Grange Road",
)  # fmt: skip
