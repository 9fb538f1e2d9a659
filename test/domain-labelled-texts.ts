/**
 * Instruction texts written for this test suite, each labelled with the domain a person would
 * give it (five or more per domain of the default taxonomy). Some carry a short response.
 */
export const LABELLED_TEXTS: Array<{ domain: string; instruction: string; response?: string }> = [
  // coding
  { domain: "coding", instruction: "Write a Python function that returns the n-th Fibonacci number using recursion." },
  { domain: "coding", instruction: "Why does my JavaScript array sort numbers in the wrong order?" },
  { domain: "coding", instruction: "How do I undo the last git commit without losing my changes?" },
  { domain: "coding", instruction: "Explain the difference between a stack and a queue data structure, with a code example." },
  { domain: "coding", instruction: "Fix the bug in this SQL query that returns duplicate rows.", response: "Add DISTINCT or fix the join condition on the customer id column." },
  { domain: "coding", instruction: "What is a regular expression that matches an email address?" },
  // technology
  { domain: "technology", instruction: "What is the difference between a CPU and a GPU?" },
  { domain: "technology", instruction: "My home wifi router keeps dropping the connection, what can I try?" },
  { domain: "technology", instruction: "Explain how large language models like chatbots are trained." },
  { domain: "technology", instruction: "Should I buy a laptop or a tablet for browsing the internet and email?" },
  { domain: "technology", instruction: "What is cloud computing and why do companies use it?" },
  // mathematics
  { domain: "mathematics", instruction: "Solve the equation 3x + 7 = 22 and show each step." },
  { domain: "mathematics", instruction: "What is the derivative of x squared times sine of x?" },
  { domain: "mathematics", instruction: "Prove that the square root of 2 is irrational." },
  { domain: "mathematics", instruction: "How do I calculate the area of a triangle from its three sides?" },
  { domain: "mathematics", instruction: "What is the probability of rolling two sixes with two dice?" },
  // science
  { domain: "science", instruction: "Why does ice float on water? Explain using density and molecules." },
  { domain: "science", instruction: "How far is the Moon from Earth and how long does light take to get here?" },
  { domain: "science", instruction: "What is a black hole and how does it form from a star?" },
  { domain: "science", instruction: "Explain Newton's three laws of motion with examples of force and acceleration." },
  { domain: "science", instruction: "What happens in a chemical reaction between an acid and a base?" },
  { domain: "science", instruction: "What causes a volcano to erupt?" },
  // biology
  { domain: "biology", instruction: "Describe the role of mitochondria in a cell." },
  { domain: "biology", instruction: "How does natural selection drive the evolution of species?" },
  { domain: "biology", instruction: "What is the difference between DNA and RNA?" },
  { domain: "biology", instruction: "Which animals are mammals: dolphin, shark, bat, penguin?" },
  { domain: "biology", instruction: "Explain how photosynthesis turns sunlight into chemical energy in plants." },
  // health
  { domain: "health", instruction: "What are the early symptoms of type 2 diabetes?" },
  { domain: "health", instruction: "How much exercise per week do doctors recommend for a healthy adult?" },
  { domain: "health", instruction: "Is it safe to take ibuprofen for a headache and fever together with other medication?" },
  { domain: "health", instruction: "What foods help lower high blood pressure and cholesterol?" },
  { domain: "health", instruction: "How can I fall asleep faster if I have insomnia?" },
  // psychology
  { domain: "psychology", instruction: "Why do people procrastinate even when they know it hurts them?" },
  { domain: "psychology", instruction: "What are healthy ways to cope with anxiety and stress?" },
  { domain: "psychology", instruction: "Explain the difference between an introvert and an extrovert personality." },
  { domain: "psychology", instruction: "What is cognitive bias? Give three examples." },
  { domain: "psychology", instruction: "How can I build better habits and keep my motivation up?" },
  // business
  { domain: "business", instruction: "Write a short business plan for a small coffee shop startup." },
  { domain: "business", instruction: "How can a company improve customer retention?" },
  { domain: "business", instruction: "What does a product manager do in a software company?" },
  { domain: "business", instruction: "Give me five marketing ideas to launch a new brand on social media." },
  { domain: "business", instruction: "How should a manager run an effective team meeting?" },
  // finance
  { domain: "finance", instruction: "Should I pay off my credit card debt or invest in an index fund first?" },
  { domain: "finance", instruction: "What causes inflation and how does the central bank respond?" },
  { domain: "finance", instruction: "Explain the difference between stocks and bonds for a beginner investor." },
  { domain: "finance", instruction: "How do I read a balance sheet and a cash flow statement?" },
  { domain: "finance", instruction: "What is a mortgage interest rate and how does it affect my monthly payment?" },
  // law
  { domain: "law", instruction: "Can my landlord keep my security deposit when I move out of the lease?" },
  { domain: "law", instruction: "What is the difference between a felony and a misdemeanor?" },
  { domain: "law", instruction: "How does a patent differ from a copyright and a trademark?" },
  { domain: "law", instruction: "What does a jury do during a criminal trial?" },
  { domain: "law", instruction: "Is a verbal contract legally binding?" },
  // politics
  { domain: "politics", instruction: "How does the electoral college work in a presidential election?" },
  { domain: "politics", instruction: "What is the difference between a parliament and a congress?" },
  { domain: "politics", instruction: "Explain the role of the United Nations Security Council." },
  { domain: "politics", instruction: "What are the main ideas of conservative and liberal political parties?" },
  { domain: "politics", instruction: "Why do governments impose sanctions on other countries?" },
  // history
  { domain: "history", instruction: "What were the main causes of World War I?" },
  { domain: "history", instruction: "Who was the first emperor of Rome and how did he come to power?" },
  { domain: "history", instruction: "Describe daily life in a medieval castle." },
  { domain: "history", instruction: "Why did the Berlin Wall fall at the end of the Cold War?" },
  { domain: "history", instruction: "What did archaeologists learn from the ruins of Pompeii about the ancient Romans?" },
  // travel_geography
  { domain: "travel_geography", instruction: "Plan a five-day trip itinerary for Tokyo and Kyoto." },
  { domain: "travel_geography", instruction: "What is the capital of Canada and which river runs through it?" },
  { domain: "travel_geography", instruction: "Which countries border Switzerland?" },
  { domain: "travel_geography", instruction: "What are the best places to visit in Portugal for a summer vacation?" },
  { domain: "travel_geography", instruction: "Do I need a visa and passport to travel from the US to Brazil?" },
  // philosophy_religion
  { domain: "philosophy_religion", instruction: "What did Kant mean by the categorical imperative?" },
  { domain: "philosophy_religion", instruction: "Is it ethical to lie to protect someone's feelings?" },
  { domain: "philosophy_religion", instruction: "Explain the main beliefs of Buddhism." },
  { domain: "philosophy_religion", instruction: "What is the difference between a logical fallacy and a valid argument?" },
  { domain: "philosophy_religion", instruction: "Summarize the Stoic philosophy of Marcus Aurelius." },
  { domain: "philosophy_religion", instruction: "What role does prayer play in Islam and Christianity?" },
  // literature
  { domain: "literature", instruction: "Write a short poem about autumn leaves." },
  { domain: "literature", instruction: "What is the main theme of George Orwell's novel 1984?" },
  { domain: "literature", instruction: "Write a story about a dragon who is afraid of the dark." },
  { domain: "literature", instruction: "Who is the narrator in The Great Gatsby and why does it matter?" },
  { domain: "literature", instruction: "Recommend some fantasy books similar to Tolkien." },
  // language
  { domain: "language", instruction: "Translate 'where is the train station' into French and German." },
  { domain: "language", instruction: "What is the difference between 'affect' and 'effect' in English grammar?" },
  { domain: "language", instruction: "Give me three synonyms for the word happy." },
  { domain: "language", instruction: "Proofread this sentence and fix the punctuation: its a nice day isnt it" },
  { domain: "language", instruction: "What is the past tense of the verb swim?" },
  // arts_entertainment
  { domain: "arts_entertainment", instruction: "Recommend five movies like Inception." },
  { domain: "arts_entertainment", instruction: "Who painted the Mona Lisa and where is the painting displayed?" },
  { domain: "arts_entertainment", instruction: "What are the best video games released for the Nintendo Switch?" },
  { domain: "arts_entertainment", instruction: "How do I learn to play chords on the guitar?" },
  { domain: "arts_entertainment", instruction: "Which TV show won the most Emmy awards, and who was the lead actress?" },
  // sports
  { domain: "sports", instruction: "Who has won the most Grand Slam titles in tennis?" },
  { domain: "sports", instruction: "Explain the offside rule in soccer." },
  { domain: "sports", instruction: "How many players are on a basketball team on the court?" },
  { domain: "sports", instruction: "How should I train for my first marathon?" },
  { domain: "sports", instruction: "Which country has won the most Olympic gold medals in swimming?" },
  // food
  { domain: "food", instruction: "Give me a recipe for chocolate chip cookies." },
  { domain: "food", instruction: "How long should I boil an egg for a soft yolk?" },
  { domain: "food", instruction: "What wine goes well with a grilled steak dinner?" },
  { domain: "food", instruction: "How do I make a simple tomato sauce for pasta?" },
  { domain: "food", instruction: "What is the difference between baking soda and baking powder in a cake?" },
  // education_careers
  { domain: "education_careers", instruction: "How do I write a resume for my first job after college?" },
  { domain: "education_careers", instruction: "What questions should I ask at the end of a job interview?" },
  { domain: "education_careers", instruction: "What is the best way to study for final exams?" },
  { domain: "education_careers", instruction: "Should I get a master's degree or start my career right away?" },
  { domain: "education_careers", instruction: "How can teachers keep students engaged in the classroom?" },
  // lifestyle
  { domain: "lifestyle", instruction: "How can I keep my apartment clean with a busy schedule?" },
  { domain: "lifestyle", instruction: "Give me ideas for a first date." },
  { domain: "lifestyle", instruction: "What are good birthday gift ideas for my dad?" },
  { domain: "lifestyle", instruction: "How do I get my toddler to go to bed without a fight? Parenting tips please." },
  { domain: "lifestyle", instruction: "What should I wear to a summer wedding? Outfit ideas for a guest." },
  { domain: "lifestyle", instruction: "How often should I feed my cat and my new puppy?" },
  // nature_environment
  { domain: "nature_environment", instruction: "What are the main causes of climate change?" },
  { domain: "nature_environment", instruction: "How does plastic pollution harm ocean wildlife?" },
  { domain: "nature_environment", instruction: "Why is deforestation of the rainforest a problem for biodiversity?" },
  { domain: "nature_environment", instruction: "What are the pros and cons of solar power and wind turbines as renewable energy?" },
  { domain: "nature_environment", instruction: "How can I reduce my carbon footprint at home and recycle more?" },
  // general
  { domain: "general", instruction: "Tell me a fun fact." },
  { domain: "general", instruction: "What is your favourite colour and why?" },
  { domain: "general", instruction: "Give me three random names for a goldfish." },
  { domain: "general", instruction: "Which is heavier, a kilogram of feathers or a kilogram of nails?" },
  { domain: "general", instruction: "Say something nice to brighten my day." },
];
