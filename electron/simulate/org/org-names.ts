/**
 * Built-in name lists for the generator (no network, no package): varied enough that emails
 * collide at scale (so collision suffixes get exercised) and include accents, apostrophes and
 * hyphens (so identity matching meets real-world spellings).
 */
export const GIVEN_NAMES: readonly string[] = [
  'Ana', 'Aaron', 'Abdul', 'Ada', 'Adrian', 'Aisha', 'Akira', 'Alejandro', 'Alex', 'Alice', 'Amara', 'Amir',
  'Andrea', 'Andrew', 'Anika', 'Anna', 'Antoine', 'Arjun', 'Astrid', 'Ayesha', 'Beatriz', 'Ben', 'Bianca',
  'Björn', 'Bruno', 'Camila', 'Carlos', 'Caroline', 'Chen', 'Chiara', 'Chloé', 'Chris', 'Claire', 'Daniel',
  'Daniela', 'David', 'Deepa', 'Diego', 'Dmitri', 'Elena', 'Eli', 'Elif', 'Emily', 'Emma', 'Erik', 'Esther',
  'Ethan', 'Fatima', 'Felix', 'Fernando', 'Fiona', 'François', 'Gabriel', 'Grace', 'Hana', 'Hannah', 'Hassan',
  'Helena', 'Hiroshi', 'Ibrahim', 'Ines', 'Ingrid', 'Isaac', 'Isabel', 'Ivan', 'Jack', 'Jakub', 'James',
  'Jana', 'Javier', 'Jin', 'João', 'Jonas', 'Jorge', 'José', 'Julia', 'Julian', 'Kai', 'Karim', 'Kate',
  'Kenji', 'Kofi', 'Lara', 'Laura', 'Leila', 'Leo', 'Liam', 'Lina', 'Lucas', 'Lucía', 'Luis', 'Maja',
  'Malik', 'Marco', 'María', 'Mark', 'Marta', 'Mateo', 'Maya', 'Mei', 'Mia', 'Michael', 'Mohammed', 'Nadia',
  'Naomi', 'Nathan', 'Nia', 'Nikhil', 'Nina', 'Noah', 'Nour', 'Olga', 'Oliver', 'Omar', 'Paula', 'Pedro',
  'Priya', 'Rafael', 'Rahul', 'Rana', 'Ravi', 'Rosa', 'Ryan', 'Sakura', 'Samuel', 'Sara', 'Sebastian',
  'Sergei', 'Shira', 'Sofia', 'Sophie', 'Stefan', 'Sven', 'Tariq', 'Thomas', 'Tomás', 'Valentina', 'Victor',
  'Wei', 'William', 'Xin', 'Yara', 'Yusuf', 'Zainab', 'Zoë', 'Zoltan',
];

export const FAMILY_NAMES: readonly string[] = [
  'Abe', 'Acheampong', 'Adeyemi', 'Aguilar', 'Ahmed', 'Alvarez', 'Andersen', 'Anderson', 'Bailey', 'Baker',
  'Banerjee', 'Barbieri', 'Becker', 'Bergström', 'Bianchi', 'Brown', 'Campbell', 'Carter', 'Castro', 'Chen',
  'Cohen', 'Costa', 'Cruz', 'Da Silva', 'Dahl', 'Das', 'Davies', 'Dubois', 'Edwards', 'Eriksson', 'Evans',
  'Fernandes', 'Fischer', 'Fontaine', 'Forde', 'García', 'Ghosh', 'Gomez', 'González', 'Gupta', 'Haddad',
  'Hansen', 'Hernández', 'Hoffmann', 'Hughes', 'Ibrahim', 'Ito', 'Jackson', 'Jansen', 'Jensen', 'Johansson',
  'Johnson', 'Jones', 'Kapoor', 'Kaur', 'Khan', 'Kim', 'Klein', 'Kobayashi', 'Kowalski', 'Kumar', 'Larsen',
  'Laurent', 'Lee', 'Lefebvre', 'Li', 'Lindqvist', 'Liu', 'Lopez', 'Martin', 'Martínez', 'Mendes', 'Meyer',
  'Moreau', 'Morris', 'Müller', 'Murphy', 'Nakamura', 'Nascimento', 'Nguyen', 'Nielsen', 'Novak', "O'Brien",
  "O'Connor", 'Okafor', 'Oliveira', 'Olsen', 'Ortiz', 'Owusu', 'Park', 'Patel', 'Pereira', 'Petrov', 'Popescu',
  'Quinn', 'Rahman', 'Ramírez', 'Reddy', 'Reyes', 'Ribeiro', 'Richter', 'Rivera', 'Roberts', 'Rodríguez',
  'Romano', 'Rossi', 'Russo', 'Sánchez', 'Santos', 'Sato', 'Schmidt', 'Schneider', 'Schulz', 'Shah',
  'Silva', 'Singh', 'Smith', 'Sokolov', 'Suzuki', 'Svensson', 'Takahashi', 'Tanaka', 'Taylor', 'Thomas',
  'Thompson', 'Torres', 'Tran', 'Van der Berg', 'Vargas', 'Vasquez', 'Wagner', 'Walker', 'Wang', 'Weber',
  'White', 'Williams', 'Wilson', 'Wójcik', 'Wright', 'Wu', 'Yamamoto', 'Yilmaz', 'Young', 'Zhang', 'Zhao',
  'Zimmermann', 'Smith-Jones', 'Garcia-Lopez', 'Ali', 'Mensah', 'Osei', 'Farouk', 'Nowak', 'Horvat',
];

/** Companies a seed can produce: account name and email domain. */
export const COMPANIES: readonly { name: string; domain: string }[] = [
  { name: 'Northwind Analytics', domain: 'northwind-analytics.com' },
  { name: 'Bluefin Logistics', domain: 'bluefinlogistics.io' },
  { name: 'Cobalt Health', domain: 'cobalthealth.com' },
  { name: 'Larkspur Energy', domain: 'larkspur-energy.com' },
  { name: 'Meridian Retail', domain: 'meridianretail.co' },
  { name: 'Quillon Insurance', domain: 'quillon.com' },
  { name: 'Tessellate Labs', domain: 'tessellate.dev' },
  { name: 'Vantage Freight', domain: 'vantagefreight.com' },
];

/** Outside domains for accounts nobody in the organisation can be matched to. */
export const OUTSIDE_DOMAINS: readonly string[] = ['datawise-partners.io', 'gmail.com', 'freelance-dataops.net'];

const partCache = new Map<string, string>();

/** ASCII, lower-case email local part of a name: "José" -> "jose", "O'Brien" -> "obrien", "Da Silva" -> "dasilva". */
export function emailPart(name: string): string {
  let part = partCache.get(name);
  if (part === undefined) {
    part = foldName(name);
    partCache.set(name, part);
  }
  return part;
}

function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[øØ]/g, 'o')
    .toLowerCase()
    .replace(/[^a-z-]/g, '');
}
